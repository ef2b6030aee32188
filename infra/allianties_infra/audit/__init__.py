"""The audit: the complete history of an alliance read back from the Kafka topics, the shared record,
and verified against hash chains, contiguous versions, the producing services' stores and references."""
