"""The embedded broker (config/filesystem_broker.py): a worker polling the queue folder without pause never takes
a message that is still being written, so none is lost or read half-written (kombu's own transport loses them)."""

import threading

from kombu import Connection

from config.filesystem_broker import Transport

MESSAGES = 300


def _connection(folder) -> Connection:
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder), "control_folder": str(folder / "control"),
               "polling_interval": 0}
    return Connection("filesystem://", transport=Transport, transport_options=options)


def test_a_busy_consumer_gets_every_message_whole(tmp_path):
    body = "사업자" * 20_000  # large enough that writing it takes a while
    producer_done = threading.Event()

    def produce() -> None:
        with _connection(tmp_path) as connection:
            queue = connection.SimpleQueue("intake")
            for i in range(MESSAGES):
                queue.put({"n": i, "body": body})
            queue.close()
        producer_done.set()

    producer = threading.Thread(target=produce)
    received = []
    with _connection(tmp_path) as connection:
        queue = connection.SimpleQueue("intake")
        producer.start()
        while len(received) < MESSAGES:
            message = queue.get(timeout=10)  # raises Empty if a message never arrives
            received.append(message.payload)
            message.ack()
        queue.close()
    producer.join()
    assert sorted(p["n"] for p in received) == list(range(MESSAGES))
    assert all(p["body"] == body for p in received)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".msg", ".part"))]
