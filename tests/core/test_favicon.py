def test_favicon_ico_leads_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_pages_link_the_icon(client, db):
    assert b'rel="icon"' in client.get("/").content
