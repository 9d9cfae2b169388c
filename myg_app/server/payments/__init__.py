"""Payments: a provider interface, the embedded virtual-account transfer and a Toss Payments adapter."""
