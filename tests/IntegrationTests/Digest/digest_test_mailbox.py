"""The digest tests' SMTP server: python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c digest_test_mailbox.FlakyMailbox DIR

Every message handed over is stored in the Maildir DIR, as aiosmtpd's own Mailbox does. While the file
DIR/lose-replies exists the server then answers 451 instead of 250: the message is stored, but the sender never
learns it was, as when a server's reply is lost on the way back. Recipients whose address starts with "refused-"
are refused (550), as a server does for a mailbox it does not know.
"""
import os

from aiosmtpd.handlers import Mailbox


class FlakyMailbox(Mailbox):
    def __init__(self, mail_dir, message_class=None):
        super().__init__(mail_dir, message_class)
        self.lose_replies_flag = os.path.join(mail_dir, "lose-replies")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused-"):
            return "550 5.1.1 No such mailbox (test)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if os.path.exists(self.lose_replies_flag):
            return "451 4.3.0 Stored, but this reply is lost (test)"
        return reply
