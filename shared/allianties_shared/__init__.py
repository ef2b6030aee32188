"""The event backbone shared by the four alliance-subsidy services."""
