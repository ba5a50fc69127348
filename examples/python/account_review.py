"""Account review from Python: one account's decision chain and trust, then value tiers on CDNOW.

    python examples/python/account_review.py [ACCOUNT.json | CSV folder] [--svg map.svg] [--chart tiers.png]

Prints who really decides, the red flags, the next best contacts and the trust
of the key players for the account (default: examples/data/manufacturing_cloud.json),
then fits BG/NBD and Gamma-Gamma on the CDNOW master file (calibration end
1997-09-30, weeks) and prints the value tiers.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import relmap
import relmap.value as rv

DATA = Path(__file__).resolve().parents[1] / "data"


def review_account(path: Path, svg: Path | None) -> None:
    m = relmap.load(path)
    print(m)
    chain = m.decision_chain()
    print(f"\npredicted support {chain.predicted_support:+.3f}; coverage {chain.coverage.share:.0%}")
    table = chain.to_pandas()
    print("\nwho really decides:")
    print(table[["influence", "authority", "stance", "predicted_stance", "tie", "threads"]].head(8).round(3))
    print("\nred flags:")
    for flag in chain.red_flags:
        print(f"  {flag}")
    print("\nnext best contacts:")
    for c in chain.next_best_contacts[:5]:
        print(f"  {c.id:<18} gain {c.gain:.3f}  via {c.path}")
    trust = m.trust()
    print(f"\n{trust!r}")
    key = trust.to_pandas().query("key_contact")
    print(key[["member", "relationship", "professional", "expertise", "sincerity", "composite", "level"]].round(1))
    for stage in m.stages():
        print(f"\nstage: {stage}")
    if svg is not None:
        top = chain.key_players[0].id
        svg.write_text(m.to_svg(chain, highlight=top), encoding="utf-8")
        print(f"\npicture written to {svg}")


def tiers_on_cdnow(chart: Path | None) -> pd.DataFrame:
    tx = pd.read_csv(DATA / "cdnow" / "CDNOW_master.txt", sep=r"\s+", dtype={"customer_id": str, "date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    summary = rv.rfm_summary(tx["customer_id"], tx["date"], tx["dollar_value"], as_of="1997-09-30")
    bg = rv.BetaGeo().fit(summary)
    # Repeat buyers whose purchases were all $0 take no part in the spend fit.
    gg = rv.GammaGamma().fit(summary["frequency"], summary["monetary_value"],
                             weights=(summary["monetary_value"] > 0).astype(float))
    p_alive = bg.p_alive(summary)
    clv = gg.clv(bg, summary)
    tiers = rv.tier(summary, p_alive, clv)
    print(f"\nCDNOW: {len(summary)} customers; {bg!r}; {gg!r}")
    overview = tiers.assign(clv=clv).groupby("tier", observed=False).agg(customers=("reason", "size"), clv=("clv", "sum"))
    overview["clv_share"] = overview["clv"] / overview["clv"].sum()
    print(overview.round(3))
    print("\nan example of each tier:")
    for name, group in tiers.groupby("tier", observed=True):
        print(f"  {name:<10} {group.index[0]}: {group['reason'].iloc[0]}")
    if chart is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 3.5))
        overview["clv_share"].plot.bar(ax=ax, color=["#2a9d8f", "#8ab17d", "#e76f51", "#bdbdbd"])
        ax.set_ylabel("share of predicted 12-month value")
        ax.set_title("CDNOW value tiers")
        fig.tight_layout()
        fig.savefig(chart)
        print(f"\nchart written to {chart}")
    return tiers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("account", nargs="?", type=Path, default=DATA / "manufacturing_cloud.json")
    ap.add_argument("--svg", type=Path, help="write the account's picture here")
    ap.add_argument("--chart", type=Path, help="write the CDNOW tier chart here (needs matplotlib)")
    args = ap.parse_args()
    review_account(args.account, args.svg)
    tiers_on_cdnow(args.chart)


if __name__ == "__main__":
    main()
