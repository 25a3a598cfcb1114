"""What falls due when: the sweeps that turn due rows into outbox rows, and their timer."""
