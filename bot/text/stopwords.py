"""Function words of the non-Latin languages our readers follow (Urdu, Arabic, Persian, Hindi,
Bengali), folded like every word (bot.text.folding). Every report in the language has them, so
two unrelated reports would look alike through them alone; each part keeps its own English
list beside these."""

from bot.text.folding import split_words

_WORDS = {
    "ur": """کے کی کا میں سے نے کو پر اور ہے ہیں تھا تھی تھے ہو ہوا ہوئی ہوئے ہوں گیا گئی گئے کر
        کرنے کرتے کیا کہ یہ وہ اس ان ایک بھی تو نہیں ہی جو جس جن لیے لئے ساتھ بعد مطابق دیا
        دی دے رہا رہی رہے گا گی گے جا جائے جاتا سکتا سکتی کوئی کچھ اپنے اپنی اپنا تک یا اگر
        لیکن مگر کہا کہنا والے والی والا""",
    "ar": """في من على إلى عن مع هذا هذه التي الذي الذين كان كانت ما لا أن إن أو بين بعد قبل
        كما قد ثم هو هي هم تم عند حتى كل لم لن ذلك تلك قال وقال منذ خلال حول ضد وفي""",
    "fa": """در به از که این آن با را برای است بود شد می هم تا یا اما نیز بر های ها شده کرد
        کرده خود او آنها ما""",
    "hi": """के का की में है हैं और से को ने पर यह वह एक भी तो नहीं ही जो कि था थी थे हो गया
        गई गए कर करने किया लिए साथ बाद तक या अपने कहा""",
    "bn": """ও এবং এ করে হয় হয়েছে থেকে জন্য এই সেই যে না তার তিনি একটি করা বলে""",
}

FUNCTION_WORDS: frozenset[str] = frozenset(
    word for words in _WORDS.values() for word in split_words(words)
)
