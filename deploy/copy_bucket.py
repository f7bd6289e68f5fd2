"""Copy every object of one S3 bucket into another (backup, or restore from a backup):
`python deploy/copy_bucket.py SOURCE TARGET`. Credentials and endpoint come from the
same variables as the site (AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, …). Objects
already in TARGET with the same size are skipped, so a nightly run copies what is new."""

import os
import sys

import boto3


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
    )


def objects(s3, bucket: str) -> dict[str, int]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {
        item["Key"]: item["Size"] for page in pages for item in page.get("Contents", [])
    }


def copy_bucket(source: str, target: str) -> int:
    s3 = client()
    present = objects(s3, target)
    copied = 0
    for key, size in objects(s3, source).items():
        if present.get(key) == size:
            continue
        s3.copy_object(
            Bucket=target, Key=key, CopySource={"Bucket": source, "Key": key}
        )
        copied += 1
    return copied


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count = copy_bucket(sys.argv[1], sys.argv[2])
    sys.stdout.write(f"{count} objects copied from {sys.argv[1]} to {sys.argv[2]}\n")
