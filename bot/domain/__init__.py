"""Pure rules of the crisis cell. Imports only the standard library."""
