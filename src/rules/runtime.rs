//! Rules about what runs inside a container: process drift from the learned profile, and cryptominer signs.
