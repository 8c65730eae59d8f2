"""The demo book and its sample data, built through the ordinary services so that it obeys
every rule. The benchmarks take their names and shapes from ``sample_data``."""
