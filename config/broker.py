"""The Redis broker transport, with one fix: a worker survives losing Redis while it waits for a task.

kombu (5.3 to 5.7.0, the newest release) reads the reply of a pending BRPOP when it closes a channel, so that a
message Redis already popped is not lost (celery/kombu#1733). When Redis itself is gone that read raises a
connection error, the close stops half-way, and the channel stays open with its unacknowledged messages. Celery
then drops the transport's connection info and closes the connection a second time; the second close tries to
restore those messages, builds a new Redis pool from the missing connection info and fails with
`AttributeError: 'NoneType' object has no attribute 'hostname'` (the same family as celery/kombu#582 and #970).
That error is not a connection error, so the worker stops for good ("Unrecoverable error").

It takes a worker that polls for the next task while another is unacknowledged (any `--concurrency` above 1 with
late acknowledgement), so it is the normal production case. Here a BRPOP whose server went away is treated as
answered with nothing, and the close runs to the end: unacknowledged messages stay in Redis's unacked set and
come back after `CELERY_VISIBILITY_TIMEOUT`; a document whose message was lost is queued again by the sweep.
"""

from kombu.transport import redis


class Channel(redis.Channel):
    def close(self) -> None:
        if self._in_poll and not self.closed:
            try:
                self._brpop_read()
            except redis.Empty:
                pass
            except self.connection_errors:
                pass  # the server is gone, and with it the reply; nothing was delivered to us
        super().close()


class Transport(redis.Transport):
    Channel = Channel
