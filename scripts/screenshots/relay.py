#!/usr/bin/env python3
"""A stand-in relay for the screenshots: answers Responses / Messages requests with a short SSE stream and
token usage, or fails with 503 while the file named by --fail-flag exists."""
import json, os, random, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, fail_flag = int(sys.argv[1]), sys.argv[2]

class Relay(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get('content-length', 0))) or b'{}')
        if os.path.exists(fail_flag):
            self.send_response(503)
            self.send_header('content-type', 'application/json')
            self.end_headers()
            self.wfile.write(b'{"error":{"message":"upstream overloaded, try again later"}}')
            return
        time.sleep(random.uniform(0.05, 0.4))
        self.send_response(200)
        self.send_header('content-type', 'text/event-stream')
        self.end_headers()
        inp, out = random.randint(8000, 60000), random.randint(200, 3000)
        if self.path.endswith('/messages'):
            events = [('message_start', {'type': 'message_start', 'message': {'model': body.get('model'), 'usage': {'input_tokens': inp, 'output_tokens': 1}}}),
                      ('content_block_delta', {'type': 'content_block_delta', 'delta': {'type': 'text_delta', 'text': 'Done.'}}),
                      ('message_delta', {'type': 'message_delta', 'usage': {'output_tokens': out}})]
        else:
            events = [('response.created', {'type': 'response.created'}),
                      ('response.output_text.delta', {'type': 'response.output_text.delta', 'delta': 'Done.'}),
                      ('response.completed', {'type': 'response.completed', 'response': {'usage': {'input_tokens': inp, 'input_tokens_details': {'cached_tokens': inp // 2}, 'output_tokens': out, 'total_tokens': inp + out}}})]
        for name, data in events:
            self.wfile.write(f'event: {name}\ndata: {json.dumps(data)}\n\n'.encode())
            self.wfile.flush()
            time.sleep(0.05)

ThreadingHTTPServer(('127.0.0.1', port), Relay).serve_forever()
