"""What every test folder shares: writing a tiny registry, and running abmctl."""
