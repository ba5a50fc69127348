//! The importers and the activity analyses: `map.importCrm`, `importCalendar`,
//! `importMail` over files given as strings or bytes (a browser hands over what
//! the user dropped), and `ghostStakeholders`, `suggestRelations`,
//! `activityStrength`, `departures` on the activity log the map keeps.

use js_sys::{Object, Reflect, Uint8Array};
use relmap::activity::{self, ActivityConfig, GhostStakeholder, SuggestedRelation};
use relmap::io::import::{calendar, crm, mail, CalendarOptions, CrmOptions, ImportReport, MailOptions, SourceFile};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::convert::{js, output, read_arg, read_opt, text};
use crate::errors::{invalid_argument, to_js};
use crate::map::JsRelationshipMap;

#[wasm_bindgen(typescript_custom_section)]
const IMPORT_TS: &str = include_str!("../ts/import.d.ts");

/// The files of an import: one `{name, data}` or an array of them, `data` a
/// string (UTF-8) or a `Uint8Array` (any encoding; the importer decodes it).
fn files(value: &JsValue) -> Result<Vec<SourceFile>, JsValue> {
    let list: Vec<(String, JsValue)> = if js::is_array(value) {
        let items = js::items(value, "files").map_err(|e| invalid_argument("files", e.message))?;
        items.iter().enumerate().map(|(k, v)| (format!("files[{k}]"), v)).collect()
    } else if value.is_object() {
        vec![("files".to_owned(), value.clone())]
    } else {
        return Err(invalid_argument("files", "expected {name, data} or an array of them"));
    };
    if list.is_empty() {
        return Err(to_js(relmap::io::import::ImportError::NoInput {
            path: "files".into(),
            message: "no file given".into(),
        }));
    }
    let mut out = Vec::with_capacity(list.len());
    for (path, item) in list {
        if !item.is_object() {
            return Err(invalid_argument(&path, "expected {name, data}"));
        }
        let get = |key: &str| {
            Reflect::get(&item, &JsValue::from_str(key))
                .map_err(|_| invalid_argument(&format!("{path}.{key}"), "reading it threw"))
        };
        let name = text(&get("name")?, &format!("{path}.name"))?;
        let data = get("data")?;
        let bytes = if let Some(s) = data.as_string() {
            s.into_bytes()
        } else if let Some(a) = js::typed::<Uint8Array>(&data) {
            a.to_vec()
        } else {
            return Err(invalid_argument(&format!("{path}.data"), "expected a string or a Uint8Array"));
        };
        out.push(SourceFile::new(name, bytes));
    }
    Ok(out)
}

/// Reads import options: the core's options struct, with `ourDomains` and
/// `accountDomains` also accepted at the top (they belong to `activity`).
fn options<T: serde::de::DeserializeOwned + Default>(value: &JsValue, sides: bool) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js::is_array(value) {
        return Err(invalid_argument("options", "expected an options object"));
    }
    let rest = js::shallow_copy(value, "options").map_err(|e| invalid_argument("options", e.message))?;
    if sides {
        let activity = Reflect::get(&rest, &JsValue::from_str("activity")).unwrap_or(JsValue::UNDEFINED);
        let activity = if activity.is_undefined() || activity.is_null() {
            Object::new()
        } else if activity.is_object() && !js::is_array(&activity) {
            js::shallow_copy(&activity, "activity").map_err(|e| invalid_argument("activity", e.message))?
        } else {
            return Err(invalid_argument("activity", "expected an object"));
        };
        for key in ["ourDomains", "accountDomains"] {
            let k = JsValue::from_str(key);
            let v = Reflect::get(&rest, &k).unwrap_or(JsValue::UNDEFINED);
            if !v.is_undefined() {
                let _ = Reflect::set(&activity, &k, &v);
                let _ = Reflect::delete_property(&rest, &k);
            }
        }
        let _ = Reflect::set(&rest, &JsValue::from_str("activity"), &activity);
    }
    read_arg(rest.unchecked_ref())
}

/// Takes `mapping` out of the CRM options: a mapping is a file format with
/// snake_case keys (`relmap-crm-mapping/1`), given as its JSON text or as the
/// object `JSON.parse` makes of it, and read by the core's strict JSON reader.
fn take_mapping(value: &JsValue) -> Result<(JsValue, Option<relmap::io::import::crm::CrmMapping>), JsValue> {
    if !value.is_object() || js::is_array(value) {
        return Ok((value.clone(), None));
    }
    let rest = js::shallow_copy(value, "options").map_err(|e| invalid_argument("options", e.message))?;
    let key = JsValue::from_str("mapping");
    let m = Reflect::get(&rest, &key).unwrap_or(JsValue::UNDEFINED);
    let _ = Reflect::delete_property(&rest, &key);
    if m.is_undefined() || m.is_null() {
        return Ok((rest.into(), None));
    }
    let text = match m.as_string() {
        Some(t) => t,
        None => js_sys::JSON::stringify(&m)
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| invalid_argument("mapping", "expected the mapping's JSON text or object"))?,
    };
    let mapping = relmap::io::import::crm::CrmMapping::from_json(&text).map_err(to_js)?;
    Ok((rest.into(), Some(mapping)))
}

/// The report as plain data, with its `counts`.
fn report(r: &ImportReport) -> Result<JsValue, JsValue> {
    let out = output(r)?;
    Reflect::set(&out, &JsValue::from_str("counts"), &output(&r.counts())?)
        .map_err(|_| crate::errors::internal("cannot set the report's counts"))?;
    Ok(out)
}

#[wasm_bindgen(js_class = RelationshipMap)]
impl JsRelationshipMap {
    /// Imports CRM export files (CSV) through a `preset` (`salesforce`,
    /// `hubspot`, `zoho`, `fxiaoke`) or a `mapping` (`relmap-crm-mapping/1`,
    /// snake_case keys as in the file format) into this map; returns the import
    /// report. Problems with rows are report lines; a bad mapping or option throws.
    #[wasm_bindgen(js_name = importCrm, unchecked_return_type = "ImportReport")]
    pub fn import_crm(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ImportFile | ImportFile[]")] files: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CrmImportOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let files = self::files(&files)?;
        let (options, mapping) = take_mapping(&options)?;
        let mut opts: CrmOptions = self::options(&options, false)?;
        if mapping.is_some() {
            opts.mapping = mapping;
        }
        report(&crm::import(&mut self.inner, &files, &opts).map_err(to_js)?)
    }

    /// Imports iCalendar files (`.ics`) into this map; returns the import report.
    #[wasm_bindgen(js_name = importCalendar, unchecked_return_type = "ImportReport")]
    pub fn import_calendar(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ImportFile | ImportFile[]")] files: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CalendarImportOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let files = self::files(&files)?;
        let opts: CalendarOptions = self::options(&options, true)?;
        report(&calendar::import(&mut self.inner, &files, &opts).map_err(to_js)?)
    }

    /// Imports `.eml` files and mbox archives (headers only) into this map; returns the import report.
    #[wasm_bindgen(js_name = importMail, unchecked_return_type = "ImportReport")]
    pub fn import_mail(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ImportFile | ImportFile[]")] files: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "MailImportOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let files = self::files(&files)?;
        let opts: MailOptions = self::options(&options, true)?;
        report(&mail::import(&mut self.inner, &files, &opts).map_err(to_js)?)
    }

    /// People of the account seen in the stored activity but not on the map, highest score first.
    #[wasm_bindgen(js_name = ghostStakeholders, unchecked_return_type = "GhostStakeholder[]")]
    pub fn ghost_stakeholders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ActivityConfig")] config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let cfg: ActivityConfig = read_opt(&config)?;
        output(&activity::ghost_stakeholders(&self.inner, self.inner.activity(), &cfg).map_err(to_js)?)
    }

    /// Candidate relations among the map's stakeholders from who meets and mails whom (never written to the map).
    #[wasm_bindgen(js_name = suggestRelations, unchecked_return_type = "SuggestedRelation[]")]
    pub fn suggest_relations(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ActivityConfig")] config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let cfg: ActivityConfig = read_opt(&config)?;
        output(&activity::suggest_relations(&self.inner, self.inner.activity(), &cfg).map_err(to_js)?)
    }

    /// Relationship strength from activity per (member, stakeholder).
    #[wasm_bindgen(js_name = activityStrength, unchecked_return_type = "ActivityStrength[]")]
    pub fn activity_strength(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ActivityConfig")] config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let cfg: ActivityConfig = read_opt(&config)?;
        output(&activity::activity_strength(&self.inner, self.inner.activity(), &cfg).map_err(to_js)?)
    }

    /// `contactDeparted` red flags: bounced mail, or key contacts gone silent.
    #[wasm_bindgen(js_name = departures, unchecked_return_type = "RedFlag[]")]
    pub fn departures(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ActivityConfig")] config: JsValue,
    ) -> Result<JsValue, JsValue> {
        let cfg: ActivityConfig = read_opt(&config)?;
        output(&activity::departures(&self.inner, self.inner.activity(), &cfg).map_err(to_js)?)
    }

    /// The activity log kept with the map.
    #[wasm_bindgen(js_name = activity, unchecked_return_type = "ActivityLog")]
    pub fn activity_log(&self) -> Result<JsValue, JsValue> {
        output(self.inner.activity())
    }

    /// Adds a ghost stakeholder (as returned by `ghostStakeholders` or a report) as stakeholder `id`.
    #[wasm_bindgen(js_name = acceptGhost)]
    pub fn accept_ghost(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "GhostStakeholder")] ghost: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<(), JsValue> {
        let ghost: GhostStakeholder = read_arg(&ghost)?;
        let id = text(&id, "id")?;
        activity::accept_ghost(&mut self.inner, &ghost, &id).map_err(to_js)
    }

    /// Adds a suggested relation (as returned by `suggestRelations` or a report) to the map.
    #[wasm_bindgen(js_name = acceptRelation)]
    pub fn accept_relation(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "SuggestedRelation")] suggestion: JsValue,
    ) -> Result<(), JsValue> {
        let s: SuggestedRelation = read_arg(&suggestion)?;
        activity::accept_relation(&mut self.inner, &s).map_err(to_js)
    }
}

/// A preset CRM mapping (`relmap-crm-mapping/1`, snake_case keys as in the file format).
#[wasm_bindgen(js_name = crmPreset, unchecked_return_type = "CrmMapping")]
pub fn crm_preset(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> Result<JsValue, JsValue> {
    let mapping = crm::preset(&text(&name, "name")?).map_err(to_js)?;
    let value = serde_json::to_value(&mapping).map_err(|e| invalid_argument("name", e))?;
    let s = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&s).map_err(|e| invalid_argument("name", e))
}

/// The names of the CRM presets.
#[wasm_bindgen(js_name = crmPresets, unchecked_return_type = "string[]")]
pub fn crm_presets() -> Result<JsValue, JsValue> {
    output(&crm::PRESETS)
}
