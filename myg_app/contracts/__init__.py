"""The REST contract: pydantic models imported by both the server and the client."""
