"""{% speech_audio page as audio %}: the server-rendered reading of an article (core.speech_audio),
or None when the engine is off or the file is not rendered yet."""

from django import template

from core.speech_audio import audio_for

register = template.Library()


@register.simple_tag
def speech_audio(page):
    return audio_for(page)
