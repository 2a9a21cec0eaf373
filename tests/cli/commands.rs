//! Behaviour of the core commands on small journals.
