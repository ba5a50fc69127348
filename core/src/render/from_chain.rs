//! An [`Overlay`] from a decision-chain analysis.

use super::Overlay;
use crate::chain::{ChainError, DecisionChain, FlagCode};
use crate::model::{RelationshipMap, Role};

impl Overlay {
    /// The overlay of a decision chain computed on `map`: every stakeholder's
    /// decision influence (node size), the red-flag codes on the stakeholders
    /// they name (a marker with the codes as tooltip), and, highlighted, our best
    /// access path to the economic buyer (the most influential one we can reach,
    /// as `[member, stakeholder, ...]`; none when no economic buyer is reachable).
    ///
    /// A flag is marked on every stakeholder it names, except `single_threaded`,
    /// which names the key player first and then its brokers and is marked on the
    /// key player only; ids that are not stakeholders of the map (the opportunity
    /// of `stage_ahead_of_evidence`, someone who left the map) carry no marker.
    /// Codes are listed once per stakeholder, in the chain's order of flags.
    ///
    /// ```
    /// use relmap::chain::ChainConfig;
    /// use relmap::model::{Account, Channel, Interaction, Relation, RelationKind, Role, Stakeholder, TeamMember};
    /// use relmap::render::{self, Overlay, RenderOptions};
    /// use relmap::RelationshipMap;
    ///
    /// let mut map = RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]))?;
    /// map.add_stakeholder(Stakeholder::new("cio", "Liu").with_reports_to("ceo").with_stance(3.0))?;
    /// map.add_relation(Relation::new("cio", "ceo", RelationKind::Influences, 0.7))?;
    /// map.add_team_member(TeamMember::new("rep", "Zhao"))?;
    /// map.add_interaction(Interaction::new("i1", "2026-03-02".parse().unwrap(), Channel::Visit, ["rep"], ["cio"]))?;
    ///
    /// let chain = map.decision_chain(&ChainConfig::default())?;
    /// let overlay = Overlay::from_chain(&map, &chain);
    /// assert_eq!(overlay.influence["ceo"], chain.influence("ceo").unwrap());
    /// assert_eq!(overlay.highlight_path, ["rep", "cio", "ceo"]);
    /// assert!(overlay.flags["ceo"].contains(&"economic_buyer_not_covered".to_string()));
    /// let svg = render::svg(&map, &overlay, &RenderOptions::default())?;
    /// assert!(svg.contains("economic_buyer_not_covered"));
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn from_chain(map: &RelationshipMap, chain: &DecisionChain) -> Overlay {
        let mut overlay = Overlay::default();
        for (id, &u) in chain.stakeholder_ids().iter().zip(chain.decision_influence()) {
            overlay.influence.insert(id.clone(), u);
        }
        for flag in chain.red_flags() {
            let named =
                if flag.code == FlagCode::SingleThreaded { &flag.ids[..flag.ids.len().min(1)] } else { &flag.ids };
            for id in named.iter().filter(|id| map.stakeholder(id).is_some()) {
                let codes = overlay.flags.entry(id.clone()).or_default();
                if !codes.iter().any(|c| c == flag.code.as_str()) {
                    codes.push(flag.code.as_str().to_owned());
                }
            }
        }
        let mut buyers: Vec<(f64, &str)> = map
            .stakeholders()
            .iter()
            .filter(|s| s.has_role(Role::EconomicBuyer))
            .map(|s| (chain.influence(&s.id).unwrap_or(0.0), s.id.as_str()))
            .collect();
        buyers.sort_by(|a, b| b.0.total_cmp(&a.0));
        if let Some(path) = buyers.iter().find_map(|&(_, id)| chain.best_path(id).ok().flatten()) {
            overlay.highlight_path = std::iter::once(path.member).chain(path.stakeholders).collect();
        }
        overlay
    }
}

impl Overlay {
    /// The same overlay with our best access path to `to` highlighted instead
    /// (nothing highlighted when `to` is unreachable).
    ///
    /// Fails with [`ChainError::NotFound`] (`not_found`, field `to`) when `to` is
    /// not a stakeholder of the analysed map.
    ///
    /// ```
    /// use relmap::chain::ChainConfig;
    /// use relmap::model::{Account, Role, Stakeholder};
    /// use relmap::render::Overlay;
    /// let mut map = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]))?;
    /// let chain = map.decision_chain(&ChainConfig::default())?;
    /// let overlay = Overlay::from_chain(&map, &chain).highlighting(&chain, "ceo")?;
    /// assert!(overlay.highlight_path.is_empty()); // no team, no path
    /// assert_eq!(Overlay::from_chain(&map, &chain).highlighting(&chain, "cfo").unwrap_err().code(), "not_found");
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn highlighting(mut self, chain: &DecisionChain, to: &str) -> Result<Overlay, ChainError> {
        self.highlight_path = match chain.best_path(to)? {
            Some(path) => std::iter::once(path.member).chain(path.stakeholders).collect(),
            None => Vec::new(),
        };
        Ok(self)
    }
}

impl DecisionChain {
    /// The render overlay of this chain (see [`Overlay::from_chain`]); `map` is
    /// the map the chain was computed on.
    ///
    /// ```
    /// use relmap::chain::ChainConfig;
    /// use relmap::model::{Account, Role, Stakeholder};
    /// use relmap::render::RenderOptions;
    /// let mut map = relmap::RelationshipMap::new(Account::new("acme", "Acme"));
    /// map.add_stakeholder(Stakeholder::new("ceo", "Chen").with_roles([Role::EconomicBuyer]))?;
    /// let chain = map.decision_chain(&ChainConfig::default())?;
    /// let svg = relmap::render::svg(&map, &chain.overlay(&map), &RenderOptions::default())?;
    /// assert!(svg.contains("economic_buyer_not_covered")); // ceo is not covered: no ties
    /// assert!(chain.overlay(&map).highlight_path.is_empty()); // and not reachable
    /// # Ok::<(), relmap::Error>(())
    /// ```
    pub fn overlay(&self, map: &RelationshipMap) -> Overlay {
        Overlay::from_chain(map, self)
    }
}
