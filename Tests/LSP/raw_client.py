"""A bare JSON-RPC pipe to `nenrule lsp`, for what no well-behaved client sends: garbage
frames, bad JSON, out-of-range edits, huge documents, floods of changes, a closed stdin."""
import json
import queue
import subprocess
import threading
import time


class RawServer:
    def __init__(self, binary, *arguments):
        self.process = subprocess.Popen([binary, "lsp", *arguments], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.next_id = 0

    def _read(self):
        stream = self.process.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    self.messages.put(None)
                    return
                header += byte
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            self.messages.put(json.loads(stream.read(length)))

    def write(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params=None):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method, params=None):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def receive(self, timeout=30):
        message = self.messages.get(timeout=timeout)
        assert message is not None, "the server closed its output"
        return message

    def response(self, request_id, timeout=60):
        """The response to `request_id`; notifications before it are kept in `seen`."""
        deadline = time.time() + timeout
        self.seen = getattr(self, "seen", [])
        while True:
            message = self.receive(max(0.1, deadline - time.time()))
            if message.get("id") == request_id and "method" not in message:
                return message
            self.seen.append(message)

    def initialize(self, root):
        answer = self.response(self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}))
        self.notify("initialized", {})
        return answer

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
