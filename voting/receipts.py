"""Receipt codes: a voter can find their agreement in the public tally, nobody else can
tell whose it is (the key derives from SECRET_KEY and never leaves the server)."""

from django.utils.crypto import salted_hmac

RECEIPT_SALT = "oasis.voting.receipt"
RECEIPT_LENGTH = 12  # 48 bits: collisions in a tally of a million are very unlikely


def receipt_code(*, vote_id: int, proposal_id: int, user_id: int) -> str:
    digest = salted_hmac(
        RECEIPT_SALT, f"{vote_id}:{proposal_id}:{user_id}", algorithm="sha256"
    ).hexdigest()[:RECEIPT_LENGTH]
    return "-".join(digest[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4)).upper()


def vote_receipt(vote) -> str:
    return receipt_code(
        vote_id=vote.pk, proposal_id=vote.proposal_id, user_id=vote.user_id
    )
