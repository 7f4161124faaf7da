"""``make bench``: copdocs measured side by side with the stacks a user could assemble instead."""
