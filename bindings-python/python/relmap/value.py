"""Customer value: placeholder until the value module lands."""
