//! Deal qualification on the map picture: the opportunity whose MEDDPICC and
//! Blue Sheet data are drawn, the badges they put on a stakeholder's box
//! (the MEDDPICC champion, the response mode) and the gaps the legend lists.

use super::style::{Rgb, STANCE_AGAINST, STANCE_FOR};
use super::{RenderError, RenderOptions};
use crate::model::{Grade, MeddpiccElement, Opportunity, RelationshipMap, ResponseMode};

/// Badge colour of a MEDDPICC grade.
pub(crate) fn grade_colour(grade: Grade) -> Rgb {
    match grade {
        Grade::Red => STANCE_AGAINST,
        Grade::Yellow => Rgb(0xb0, 0x6d, 0x00),
        Grade::Green => STANCE_FOR,
    }
}

/// Badge label of a response mode.
pub(crate) fn mode_badge(mode: ResponseMode) -> &'static str {
    match mode {
        ResponseMode::Growth => "GR",
        ResponseMode::Trouble => "TR",
        ResponseMode::EvenKeel => "EK",
        ResponseMode::Overconfident => "OC",
    }
}

/// Badge colour of a response mode: receptive modes green and blue, the others grey and red.
pub(crate) fn mode_colour(mode: ResponseMode) -> Rgb {
    match mode {
        ResponseMode::Growth => Rgb(0x2b, 0x8a, 0x3e),
        ResponseMode::Trouble => Rgb(0x1c, 0x6e, 0xc4),
        ResponseMode::EvenKeel => Rgb(0x72, 0x7a, 0x82),
        ResponseMode::Overconfident => Rgb(0xc9, 0x2a, 0x2a),
    }
}

/// The legend text of a response mode.
pub(crate) fn mode_label(mode: ResponseMode) -> &'static str {
    match mode {
        ResponseMode::Growth => "growth 求发展 (receptive)",
        ResponseMode::Trouble => "trouble 有麻烦 (receptive)",
        ResponseMode::EvenKeel => "even keel 无变化",
        ResponseMode::Overconfident => "overconfident 过度自信",
    }
}

/// Badge label of the MEDDPICC champion: `CH` when tested, `CH?` when not.
pub(crate) fn champion_badge(tested: bool) -> &'static str {
    if tested {
        "CH"
    } else {
        "CH?"
    }
}

/// The opportunity whose qualification the picture draws: the one the options
/// name, else the first with MEDDPICC or Blue Sheet data; none when
/// `show_qualification` is off.
pub(crate) fn chosen<'a>(
    map: &'a RelationshipMap,
    opts: &RenderOptions,
) -> Result<Option<&'a Opportunity>, RenderError> {
    if !opts.show_qualification {
        return Ok(None);
    }
    match &opts.opportunity {
        Some(id) => map.opportunities().iter().find(|o| &o.id == id).map(Some).ok_or_else(|| RenderError::UnknownId {
            kind: "opportunity",
            id: id.clone(),
            field: "options.opportunity".to_owned(),
        }),
        None => Ok(map.opportunities().iter().find(|o| !o.meddpicc.is_empty() || !o.buying_influences.is_empty())),
    }
}

/// What the qualification says about one stakeholder.
#[derive(Debug, Clone, Default)]
pub(crate) struct PersonMarks {
    /// Their response mode.
    pub mode: Option<ResponseMode>,
    /// Their stated win-results.
    pub win_results: Vec<String>,
    /// When they are the MEDDPICC champion: the grade and whether they were tested.
    pub champion: Option<(Grade, bool)>,
    /// The MEDDPICC elements that name them, with the grade.
    pub elements: Vec<(MeddpiccElement, Grade)>,
}

impl PersonMarks {
    /// The marks of stakeholder `id` on opportunity `o`.
    pub fn of(o: &Opportunity, id: &str) -> PersonMarks {
        let mut m = PersonMarks::default();
        if let Some(b) = o.buying_influences.iter().find(|b| b.stakeholder == id) {
            m.mode = b.response_mode;
            m.win_results = b.win_results.clone();
        }
        if let Some(c) = o.meddpicc.champion.as_ref().filter(|c| c.stakeholder.as_deref() == Some(id)) {
            m.champion = Some((c.grade, c.tested));
        }
        for e in MeddpiccElement::ALL {
            if let Some(s) = o.meddpicc.status(e).filter(|s| s.stakeholder == Some(id)) {
                m.elements.push((e, s.grade));
            }
        }
        m
    }

    /// The badges the marks add after the role badges: champion, then response mode.
    pub fn badges(&self) -> Vec<(&'static str, Rgb)> {
        let mut out = Vec::new();
        if let Some((grade, tested)) = self.champion {
            out.push((champion_badge(tested), grade_colour(grade)));
        }
        if let Some(mode) = self.mode {
            out.push((mode_badge(mode), mode_colour(mode)));
        }
        out
    }

    /// Tooltip lines.
    pub fn tooltip(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(mode) = self.mode {
            lines.push(format!("response mode: {}", mode.as_str()));
        }
        if !self.win_results.is_empty() {
            lines.push(format!("win-results: {}", self.win_results.join("; ")));
        }
        if let Some((_, tested)) = self.champion {
            lines.push(format!("MEDDPICC champion ({})", if tested { "tested" } else { "not tested" }));
        }
        for (e, g) in &self.elements {
            lines.push(format!("MEDDPICC {}: {g}", e.name()));
        }
        lines
    }
}

/// The MEDDPICC elements that are not green, in MEDDPICC order: the grade
/// (`None` = not assessed) and the stakeholder the element names.
pub(crate) fn gaps(o: &Opportunity) -> Vec<(MeddpiccElement, Option<Grade>, Option<&str>)> {
    MeddpiccElement::ALL
        .into_iter()
        .filter_map(|e| match o.meddpicc.status(e) {
            Some(s) if s.grade == Grade::Green => None,
            Some(s) => Some((e, Some(s.grade), s.stakeholder)),
            None => Some((e, None, None)),
        })
        .collect()
}
