//! Mail.
use serde::{Deserialize, Serialize};
use schemars::JsonSchema;
/// Options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MailOptions {}
