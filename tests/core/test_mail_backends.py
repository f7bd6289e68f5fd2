import io

from django.core.mail import EmailMultiAlternatives

from oasis.core.mail import ConsoleEmailBackend

KOREAN = "안녕하세요. 이메일 주소를 확인해 주세요. " * 4


def test_console_mail_is_readable_korean_not_base64():
    stream = io.StringIO()
    message = EmailMultiAlternatives("[오아시스] 확인", KOREAN, to=["a@example.org"])
    message.attach_alternative(f"<p>{KOREAN}</p>", "text/html")
    ConsoleEmailBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert KOREAN.strip() in printed
    assert "base64" not in printed
