"""Analyses over the loaded curriculum: one module per rule family or report."""
