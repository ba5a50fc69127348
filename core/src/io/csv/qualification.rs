//! The qualification tables: `meddpicc.csv`, `process_steps.csv`, `buying_influences.csv`.

use super::read::opportunity;
use super::table::{boolean, enum_value, number, time, Row, Table};
use crate::io::FormatError;
use crate::model::{
    BuyingInfluence, ChampionElement, Grade, MeddpiccElement, Metrics, Opportunity, PersonElement, ProcessElement,
    ProcessStep, Qualified,
};

/// The columns only some elements use, and which.
fn uses(element: MeddpiccElement, column: &str) -> bool {
    use MeddpiccElement::*;
    match column {
        "stakeholder" => matches!(element, EconomicBuyer | IdentifiedPain | Champion),
        "value" => element == Metrics,
        "tested" => element == Champion,
        _ => true,
    }
}

pub(crate) fn read_meddpicc(t: &Table, opportunities: &mut [Opportunity]) -> Result<(), FormatError> {
    for r in t.rows() {
        let element: MeddpiccElement = r.required("element", enum_value)?;
        let grade: Grade = r.required("grade", enum_value)?;
        for column in ["stakeholder", "value", "tested"] {
            if !uses(element, column) {
                r.unused(column, &format!("not used by the {element} element"))?;
            }
        }
        let description = r.opt_string("description");
        let confirmed_by = r.opt_string("confirmed_by");
        let confirmed_at = r.optional("confirmed_at", time)?;
        let stakeholder = r.opt_string("stakeholder");
        let q = &mut opportunity(&r, opportunities)?.meddpicc;
        if q.status(element).is_some() {
            return Err(r.error("element", format!("{element} is already given for this opportunity")));
        }
        use MeddpiccElement as E;
        match element {
            E::Metrics => {
                let value = r.optional("value", number)?;
                q.metrics = Some(Metrics { grade, value, description, confirmed_by, confirmed_at })
            }
            E::EconomicBuyer | E::IdentifiedPain => {
                let e = PersonElement { grade, stakeholder, description, confirmed_by, confirmed_at };
                if element == E::EconomicBuyer {
                    q.economic_buyer = Some(e)
                } else {
                    q.identified_pain = Some(e)
                }
            }
            E::Champion => {
                let tested = r.optional("tested", boolean)?.unwrap_or(false);
                q.champion =
                    Some(ChampionElement { grade, stakeholder, tested, description, confirmed_by, confirmed_at })
            }
            E::DecisionProcess | E::PaperProcess => {
                let e = ProcessElement { grade, steps: Vec::new(), description, confirmed_by, confirmed_at };
                if element == E::DecisionProcess {
                    q.decision_process = Some(e)
                } else {
                    q.paper_process = Some(e)
                }
            }
            E::DecisionCriteria | E::Competition => {
                let e = Qualified { grade, description, confirmed_by, confirmed_at };
                if element == E::DecisionCriteria {
                    q.decision_criteria = Some(e)
                } else {
                    q.competition = Some(e)
                }
            }
        }
    }
    Ok(())
}

pub(crate) fn read_process_steps(t: &Table, opportunities: &mut [Opportunity]) -> Result<(), FormatError> {
    for r in t.rows() {
        let process: MeddpiccElement = r.required("process", enum_value)?;
        let step = ProcessStep {
            name: r.string("step"),
            owner: r.opt_string("owner"),
            date: r.optional("date", time)?,
            confirmed: r.optional("confirmed", boolean)?.unwrap_or(false),
        };
        let q = &mut opportunity(&r, opportunities)?.meddpicc;
        let target = match process {
            MeddpiccElement::DecisionProcess => &mut q.decision_process,
            MeddpiccElement::PaperProcess => &mut q.paper_process,
            other => {
                return Err(r.error("process", format!("expected decision_process or paper_process, found {other}")))
            }
        };
        let Some(p) = target else {
            return Err(missing_process(&r, process));
        };
        p.steps.push(step);
    }
    Ok(())
}

fn missing_process(r: &Row<'_>, process: MeddpiccElement) -> FormatError {
    r.error("process", format!("no {process} row for this opportunity in meddpicc.csv (it holds the grade)"))
}

pub(crate) fn read_buying_influences(t: &Table, opportunities: &mut [Opportunity]) -> Result<(), FormatError> {
    for r in t.rows() {
        let b = BuyingInfluence {
            stakeholder: r.string("stakeholder"),
            roles: r.enum_list("roles")?,
            response_mode: r.optional("response_mode", enum_value)?,
            win_results: r.list("win_results")?,
        };
        opportunity(&r, opportunities)?.buying_influences.push(b);
    }
    Ok(())
}
