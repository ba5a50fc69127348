"""Profile of relmap's RFM summary by id form: ids -> codes, the core, the frame; the old
way (pandas factorize; Arrow ids back as a list of str) beside the new one, same process.

    python benches/python/id_profile.py

Prints wall / CPU seconds (best of 5) of each step on CDNOW_master x20; needs pyarrow.
"""
import os
import sys
import time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
import numpy as np, pandas as pd, pyarrow as pa
from compare import load, AS_OF
from relmap import value as v, _relmap

tx = load(20)
forms = {
    "object": tx["customer_id"].astype(object),
    "str (pandas default)": tx["customer_id"],
    "string[pyarrow]": tx["customer_id"].astype("string[pyarrow]"),
    "category": tx["customer_id"].astype("category"),
    "arrow dictionary": pa.array(tx["customer_id"].to_numpy(dtype=object)).dictionary_encode(),
}
def best(f, n=5):
    w = c = 1e9
    for _ in range(n):
        t0, p0 = time.perf_counter(), time.process_time(); out = f()
        w, c = min(w, time.perf_counter() - t0), min(c, time.process_time() - p0)
    return w, c, out
def old_codes(ids):
    if v._arrow(ids):
        if type(ids).__module__.startswith("pandas"):
            ids = ids.array.__arrow_array__()
        codes, keys = _relmap._arrow_codes(ids, "customer")
        return codes, keys if isinstance(keys, np.ndarray) else keys.to_list()
    codes, uniques = pd.factorize(ids)
    return codes.astype(np.uint32), uniques
times, unit = v._times("time", tx["date"])
amounts = v._floats("amount", tx["dollar_value"])
print(f"{len(tx)} rows; load {os.getloadavg()[0]:.1f}; wall / CPU seconds, best of 5")
print(f"{'ids':22s} {'way':4s} {'ids->codes':>16s} {'core':>16s} {'frame':>16s} {'total':>16s}")
for name, ids in forms.items():
    for way, codes_of in (("old", old_codes), ("new", v._customer_codes)):
        a = best(lambda: codes_of(ids)); codes, uniques = a[2]
        b = best(lambda: _relmap._rfm_summary(codes, len(uniques), times, unit, amounts, None, AS_OF, {})); out = b[2]
        c = best(lambda: v._summary_frame(dict(out), uniques, "pandas"))
        tw, tc = a[0] + b[0] + c[0], a[1] + b[1] + c[1]
        print(f"{name:22s} {way:4s} " + " ".join(f"{x[0]:7.4f}/{x[1]:7.4f}" for x in (a, b, c)) + f" {tw:7.4f}/{tc:7.4f}")
print(f"load {os.getloadavg()[0]:.1f}")
