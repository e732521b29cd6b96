""" "Nghe bài viết" on a phone: the button appears once its script runs; without a Vietnamese
voice the reader is told so, in Vietnamese, with how to add one; with one, the article is read
paragraph by paragraph, in the words the server prepared (/api/speech/<id>/)."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Stands in for a phone's Vietnamese voice: headless Chromium has no voices (no
# speech-dispatcher). The real speechSynthesis is kept; its voice list gains one Vietnamese
# voice, and speak() records each utterance and ends it shortly after instead of sounding it.
PHONE_VOICE = """
(() => {
  const synth = window.speechSynthesis;
  const realVoices = synth.getVoices.bind(synth);
  const vietnamese = {name: "Giọng tiếng Việt (thử)", lang: "vi-VN", localService: true, default: false,
                      voiceURI: "test-vi"};
  window.spoken = [];
  synth.getVoices = () => [...realVoices(), vietnamese];
  synth.speak = (utterance) => {
    window.spoken.push({text: utterance.text, lang: utterance.lang});
    setTimeout(() => utterance.onend && utterance.onend(new Event("end")), 30);
  };
})();
"""


def open_a_story(page, site_url):
    assert page.goto(site_url + "/guong-sang/").status == 200
    link = page.locator("article.card .card__title a").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    return page.locator("[data-listen]")


def test_without_a_vietnamese_voice_the_reader_is_told_how_to_get_one(phone, site_url):
    listen = open_a_story(phone, site_url)
    if phone.evaluate("speechSynthesis.getVoices().some(v => v.lang.toLowerCase().startsWith('vi'))"):
        pytest.skip("this Chromium has a Vietnamese voice: the message for phones without one is not shown")
    button = listen.get_by_role("button", name="Nghe bài viết")
    expect(button).to_be_visible()  # the script ran (hidden until then)
    button.click()
    status = listen.locator("[data-listen-status]")
    expect(status).to_contain_text("Thiết bị của bạn chưa có giọng đọc tiếng Việt")
    expect(status).to_contain_text("Android")
    expect(status).to_contain_text("iPhone")


def test_with_a_vietnamese_voice_the_article_is_read_paragraph_by_paragraph(phone, site_url):
    phone.add_init_script(PHONE_VOICE)
    listen = open_a_story(phone, site_url)
    speech_url = site_url + listen.get_attribute("data-speech-url")
    with urllib.request.urlopen(speech_url) as response:
        expected = json.load(response)
    assert expected["lang"] == "vi-VN" and len(expected["paragraphs"]) > 3

    listen.get_by_role("button", name="Nghe bài viết").click()
    expect(listen.get_by_role("button", name="Tạm dừng")).to_be_visible()
    expect(listen.locator("[data-listen-status]")).to_have_text("Đã đọc xong bài viết.", timeout=20_000)
    spoken = phone.evaluate("window.spoken")
    assert [u["text"] for u in spoken] == expected["paragraphs"]
    assert {u["lang"] for u in spoken} == {"vi-VN"}
    expect(listen.get_by_role("button", name="Nghe bài viết")).to_be_visible()
