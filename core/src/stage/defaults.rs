//! The default stage model (the table in `docs/stage-and-matrices.md`).

use super::{MilestoneDef, StageDef, StageModel, UnknownMilestones};

/// Milestone keys of the default model, in the order a sale usually reaches them.
pub const DEFAULT_MILESTONES: [(&str, &str); 10] = [
    ("need_identified", "The customer acknowledges a concrete need or pain we can address"),
    ("budget_confirmed", "A budget exists for the project and its owner is known"),
    ("decision_process_mapped", "The decision chain, the decision criteria and the timetable are known"),
    ("solution_presented", "Our solution has been presented to the key players"),
    ("poc_passed", "A proof of concept or trial met the agreed success criteria"),
    ("proposal_submitted", "A formal proposal or bid has been submitted"),
    ("shortlisted", "We are on the customer's shortlist"),
    ("commercial_terms_agreed", "Price and commercial terms are agreed"),
    ("contract_signed", "The contract is signed"),
    ("lost", "The customer chose another vendor or dropped the project"),
];

impl Default for StageModel {
    fn default() -> Self {
        let milestones = DEFAULT_MILESTONES.iter().map(|&(k, d)| MilestoneDef::new(k, d)).collect();
        let none: [&str; 0] = [];
        let stages = vec![
            StageDef::new("lead", "Lead", none, 0.05).with_local_name("线索").with_visit_goals([
                "Learn the customer's business, situation and priorities (了解客户现状)",
                "Find out who owns the problem and who else is involved",
                "Agree a next meeting to explore a concrete need",
            ]),
            StageDef::new("qualification", "Qualification", ["need_identified"], 0.10)
                .with_local_name("资格确认")
                .with_visit_goals([
                    "Confirm the need is real, urgent and worth solving (确认需求)",
                    "Establish whether a budget exists, its size and who controls it",
                    "Learn the timeline and the event that forces a decision",
                    "Decide whether to pursue: can we win, and is it worth winning",
                ]),
            StageDef::new("needs_analysis", "Needs analysis", ["budget_confirmed"], 0.20)
                .with_local_name("需求分析")
                .with_visit_goals([
                    "Map the decision chain: economic, technical and user buyers, influencers (决策链)",
                    "Interview each key player on needs, concerns and decision criteria",
                    "Recruit a coach inside the account (发展教练/线人)",
                    "Agree the decision process and timetable with the customer",
                ]),
            StageDef::new("solution", "Solution", ["decision_process_mapped"], 0.40)
                .with_local_name("方案")
                .with_visit_goals([
                    "Present a solution shaped to each key player's criteria (引导方案)",
                    "Steer the decision criteria toward our strengths (商业竞争矩阵)",
                    "Deliver a value proposal with quantified benefits (价值建议书)",
                    "Line up references and agree a proof-of-concept plan",
                ]),
            StageDef::new("evaluation", "Evaluation", ["solution_presented"], 0.60)
                .with_local_name("评估")
                .with_visit_goals([
                    "Run the proof of concept against agreed success criteria",
                    "Submit the proposal and walk each key player through it",
                    "Close the gaps on the criteria where we trail the leader",
                    "Secure the shortlist and the economic buyer's sponsorship",
                ]),
            StageDef::new("negotiation", "Negotiation", ["poc_passed", "proposal_submitted", "shortlisted"], 0.80)
                .with_local_name("谈判")
                .with_visit_goals([
                    "Negotiate for a win-win outcome; discuss price only once value is agreed (双赢谈判)",
                    "Prepare alternatives and concessions before each meeting",
                    "Confirm the signing process, the approvers and the paperwork with purchasing",
                ]),
            StageDef::new("closed_won", "Closed won", ["commercial_terms_agreed", "contract_signed"], 1.0)
                .with_local_name("赢单")
                .with_visit_goals([
                    "Hand over to delivery and confirm how success will be measured",
                    "Thank the sponsors and keep the key relationships warm",
                    "Look for expansion and referrals",
                ]),
            StageDef::new("closed_lost", "Closed lost", ["lost"], 0.0)
                .with_local_name("丢单")
                .off_path()
                .with_visit_goals([
                    "Hold a loss review with the customer: why we lost and what would change it",
                    "Keep the relationships with the key players for the next opportunity",
                ]),
        ];
        StageModel { milestones, stages, unknown_milestones: UnknownMilestones::Report }
    }
}
