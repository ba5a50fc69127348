//! CRM.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
/// Options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CrmOptions {}
