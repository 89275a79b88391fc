"""The embedded broker (kombu's filesystem transport), with one fix: a message appears in the queue folder whole.

kombu (to 5.7.0, the newest release) creates the message file under its final name, then locks it and writes it;
a worker takes the first file it finds without taking that lock, so a worker that looks in between reads an empty
or partial file, fails on it (`JSONDecodeError`) and the message is gone (the file was moved away before reading).
With kombu's 1-second polling that window was seldom met; with the short polling interval of the embedded default
(CELERY_BROKER_POLLING_INTERVAL) a worker meets it under load. Here the message is written to a hidden file in the
same folder, which no worker takes, and renamed to its final name when complete (a rename is atomic).
"""

import os
import uuid

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        # kombu's own name (creation order first); a worker takes only names ending in ".<queue>.msg".
        name = f"{int(round(filesystem.monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f".{name}.part")
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
