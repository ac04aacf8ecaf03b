"""Test support code: fakes of external services and shared fixtures."""
