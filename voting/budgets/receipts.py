"""Receipt codes of ballots, made as agreement receipts are: a voter finds their ballot
in the round's public export, nobody else can tell whose it is. One code per ballot,
the same for every version."""

from django.utils.crypto import salted_hmac

from voting.receipts import RECEIPT_LENGTH

RECEIPT_SALT = "oasis.budgets.receipt"


def ballot_receipt(*, round_id: int, voter_id: int) -> str:
    digest = salted_hmac(
        RECEIPT_SALT, f"{round_id}:{voter_id}", algorithm="sha256"
    ).hexdigest()[:RECEIPT_LENGTH]
    return "-".join(digest[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4)).upper()
