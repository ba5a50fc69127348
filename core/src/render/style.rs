//! Colours, line styles and badges shared by every output format.

use super::Theme;
use crate::model::{RelationKind, Role};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Linear mix: `t` = 0 gives `self`, 1 gives `other`.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let f = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round().clamp(0.0, 255.0) as u8;
        Rgb(f(self.0, other.0), f(self.1, other.1), f(self.2, other.2))
    }
}

/// The colours of one theme.
pub(crate) struct Palette {
    pub background: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub connector: Rgb,
    pub band_fill: Rgb,
    pub band_text: Rgb,
    pub badge_text: Rgb,
    pub highlight: Rgb,
    /// How far a stance colour is mixed toward the background for a node fill.
    pub fill_wash: f64,
}

pub(crate) const STANCE_AGAINST: Rgb = Rgb(0xd6, 0x33, 0x2a);
pub(crate) const STANCE_NEUTRAL: Rgb = Rgb(0x9a, 0x9a, 0x9a);
pub(crate) const STANCE_FOR: Rgb = Rgb(0x23, 0x9a, 0x4b);
pub(crate) const FLAG: Rgb = Rgb(0xe0, 0x31, 0x31);

impl Palette {
    pub fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                background: Rgb(0xff, 0xff, 0xff),
                text: Rgb(0x21, 0x25, 0x29),
                muted: Rgb(0x5c, 0x63, 0x6a),
                connector: Rgb(0x9a, 0xa1, 0xa8),
                band_fill: Rgb(0xf1, 0xf3, 0xf5),
                band_text: Rgb(0x6c, 0x75, 0x7d),
                badge_text: Rgb(0xff, 0xff, 0xff),
                highlight: Rgb(0xf5, 0x9f, 0x00),
                fill_wash: 0.62,
            },
            Theme::Dark => Palette {
                background: Rgb(0x1b, 0x1d, 0x22),
                text: Rgb(0xe9, 0xec, 0xef),
                muted: Rgb(0xad, 0xb5, 0xbd),
                connector: Rgb(0x6c, 0x75, 0x7d),
                band_fill: Rgb(0x26, 0x29, 0x30),
                band_text: Rgb(0x9a, 0xa3, 0xab),
                badge_text: Rgb(0xff, 0xff, 0xff),
                highlight: Rgb(0xfc, 0xc4, 0x19),
                fill_wash: 0.55,
            },
        }
    }

    /// The saturated colour of a stance (−5 red … 0 grey … +5 green).
    pub fn stance_colour(&self, stance: f64) -> Rgb {
        let t = (stance / 5.0).clamp(-1.0, 1.0);
        if t < 0.0 {
            STANCE_NEUTRAL.mix(STANCE_AGAINST, -t)
        } else {
            STANCE_NEUTRAL.mix(STANCE_FOR, t)
        }
    }

    /// The node fill of a stance: the stance colour washed toward the background.
    pub fn stance_fill(&self, stance: Option<f64>) -> Rgb {
        match stance {
            Some(s) => self.stance_colour(s).mix(self.background, self.fill_wash),
            None => self.background,
        }
    }

    /// The colour of a relation line.
    pub fn relation(&self, kind: RelationKind) -> Rgb {
        match kind {
            RelationKind::Influences => Rgb(0x3b, 0x5b, 0xdb),
            RelationKind::Ally => STANCE_FOR,
            RelationKind::Conflict => STANCE_AGAINST,
            RelationKind::Informs => self.muted,
        }
    }
}

/// A stance band: the coarse class used by Mermaid `classDef`s, Cytoscape
/// selectors and the legend.
pub(crate) fn stance_band(stance: Option<f64>) -> &'static str {
    match stance {
        None => "unknown",
        Some(s) if s <= -3.0 => "strongly_against",
        Some(s) if s < -0.5 => "against",
        Some(s) if s <= 0.5 => "neutral",
        Some(s) if s < 3.0 => "for",
        Some(_) => "strongly_for",
    }
}

/// The stance bands, from most against to unknown, with a representative stance.
pub(crate) const STANCE_BANDS: [(&str, Option<f64>); 6] = [
    ("strongly_against", Some(-5.0)),
    ("against", Some(-2.0)),
    ("neutral", Some(0.0)),
    ("for", Some(2.0)),
    ("strongly_for", Some(5.0)),
    ("unknown", None),
];

/// The short badge drawn on a node for a role.
pub(crate) fn role_badge(role: Role) -> &'static str {
    match role {
        Role::EconomicBuyer => "EB",
        Role::DecisionMaker => "DM",
        Role::TechnicalBuyer => "TB",
        Role::UserBuyer => "UB",
        Role::Influencer => "IN",
        Role::Purchaser => "PU",
        Role::Coach => "C",
        Role::Champion => "★",
        Role::Gatekeeper => "GK",
    }
}

/// The legend text of a role (English and Chinese).
pub(crate) fn role_label(role: Role) -> &'static str {
    match role {
        Role::EconomicBuyer => "economic buyer 决策人",
        Role::DecisionMaker => "decision maker",
        Role::TechnicalBuyer => "technical buyer (veto)",
        Role::UserBuyer => "user buyer 使用者",
        Role::Influencer => "influencer 影响者",
        Role::Purchaser => "purchaser 采购",
        Role::Coach => "coach 教练",
        Role::Champion => "champion",
        Role::Gatekeeper => "gatekeeper",
    }
}

/// The badge background of a role.
pub(crate) fn role_colour(role: Role) -> Rgb {
    match role {
        Role::EconomicBuyer => Rgb(0x6f, 0x42, 0xc1),
        Role::DecisionMaker => Rgb(0x45, 0x4f, 0xb8),
        Role::TechnicalBuyer => Rgb(0x0b, 0x72, 0x85),
        Role::UserBuyer | Role::Influencer | Role::Purchaser => Rgb(0x49, 0x50, 0x57),
        Role::Coach => Rgb(0x19, 0x71, 0xc2),
        Role::Champion => Rgb(0xd9, 0x8a, 0x00),
        Role::Gatekeeper => Rgb(0x8a, 0x5a, 0x2b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stance_scale_runs_red_grey_green() {
        let p = Palette::of(Theme::Light);
        assert_eq!(p.stance_colour(-5.0), STANCE_AGAINST);
        assert_eq!(p.stance_colour(0.0), STANCE_NEUTRAL);
        assert_eq!(p.stance_colour(5.0), STANCE_FOR);
        let mid = p.stance_colour(2.5);
        assert!(mid.0 < STANCE_NEUTRAL.0 && mid.0 > STANCE_FOR.0, "halfway between grey and green: {mid:?}");
        assert_eq!(p.stance_fill(None), p.background);
    }

    #[test]
    fn stance_bands_cover_the_scale() {
        assert_eq!(stance_band(Some(-5.0)), "strongly_against");
        assert_eq!(stance_band(Some(-1.0)), "against");
        assert_eq!(stance_band(Some(0.0)), "neutral");
        assert_eq!(stance_band(Some(1.0)), "for");
        assert_eq!(stance_band(Some(4.0)), "strongly_for");
        assert_eq!(stance_band(None), "unknown");
        for (band, s) in STANCE_BANDS {
            assert_eq!(stance_band(s), band);
        }
    }

    #[test]
    fn every_role_has_a_distinct_badge() {
        let mut seen: Vec<&str> = Role::ALL.iter().map(|&r| role_badge(r)).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), Role::ALL.len());
    }
}
