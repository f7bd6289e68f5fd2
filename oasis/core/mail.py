"""Development mail backends that print messages readably: text parts are written as
8-bit UTF-8 (RFC 6532) instead of base64, so Korean mail can be read in the console."""

import email.policy

from django.core.mail.backends import console, filebased

# Lines up to the RFC 5322 limit stay unencoded; Python's default (78) sends any
# Korean paragraph as base64.
READABLE = email.policy.default.clone(max_line_length=998)


class ConsoleEmailBackend(console.EmailBackend):
    def write_message(self, message):
        data = message.message(policy=READABLE).as_bytes().decode("utf-8", "replace")
        self.stream.write(f"{data}\n")
        self.stream.write("-" * 79)
        self.stream.write("\n")


class FileEmailBackend(filebased.EmailBackend):
    def write_message(self, message):
        self.stream.write(message.message(policy=READABLE).as_bytes() + b"\n")
