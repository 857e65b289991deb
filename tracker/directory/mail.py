"""Mailing one-time passwords to imported accounts, when an SMTP server is configured (never to .eml files:
a password must not lie on disk)."""
from tracker.mailer import SEND_ERRORS, Letter, open_transport, uses_smtp


def send_passwords(made, config) -> set[int]:
    """Email each new user with an address its one-time password; the ids of those that went."""
    if not uses_smtp():
        return set()
    sent = set()
    try:
        with open_transport() as transport:
            for user in made:
                if not user.email:
                    continue
                body = (f"Kính gửi {user.full_name},\n\nTài khoản của anh/chị trên hệ thống {config['COMMITTEE_NAME']} "
                        f"đã được tạo.\nTên đăng nhập: {user.username}\nMật khẩu dùng một lần: {user.password}\n\n"
                        "Khi đăng nhập lần đầu, hệ thống sẽ yêu cầu đổi mật khẩu.")
                try:
                    transport.send(Letter("Tài khoản Đôn đốc", recipients=(user.email,), text=body))
                except SEND_ERRORS:
                    continue
                sent.add(user.id)
    except SEND_ERRORS:
        pass  # the server cannot be reached: the passwords are shown instead
    return sent
