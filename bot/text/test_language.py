"""Language detection on article text, in the scripts our readers read."""

import pytest

from bot.text.language import detect_language


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The government said on Tuesday that it would not change the law, and that the "
            "minister was in talks with the unions about their demands for the new year.",
            "en",
        ),
        (
            "Die Regierung hat am Dienstag erklärt, dass sie das Gesetz nicht ändern wird und "
            "dass der Minister mit den Gewerkschaften über die Forderungen spricht.",
            "de",
        ),
        (
            "O governo disse na terça-feira que não vai mudar a lei e que o ministro está em "
            "conversas com os sindicatos sobre as suas exigências para o próximo ano.",
            "pt",
        ),
        ("Правительство заявило во вторник, что не будет менять закон.", "ru"),
        ("Уряд заявив у вівторок, що не змінюватиме закон і продовжить переговори.", "uk"),
        ("政府は火曜日、法律を変更しないと発表した。", "ja"),
        ("정부는 화요일 법을 바꾸지 않겠다고 밝혔다.", "ko"),
        # Arabic script: today's rules called all of it Arabic or nothing.
        (
            "پاکستان اور افغانستان کے وفود کے درمیان مذاکرات کا تیسرا دور ترکیہ کی ثالثی میں"
            " استنبول میں شروع ہو گیا ہے۔",
            "ur",
        ),
        (
            "قالت الحكومة يوم الثلاثاء إنها لن تغير القانون وإن الوزير يجري محادثات مع النقابات.",
            "ar",
        ),
        (
            "دولت روز سه‌شنبه اعلام کرد که قانون را تغییر نخواهد داد"
            " و وزیر با اتحادیه‌ها گفتگو می‌کند.",
            "fa",
        ),
        ("सरकार ने मंगलवार को कहा कि वह कानून नहीं बदलेगी और मंत्री यूनियनों से बात कर रहे हैं।", "hi"),
        ("সরকার মঙ্গলবার জানিয়েছে যে তারা আইন পরিবর্তন করবে না এবং মন্ত্রী আলোচনা করছেন।", "bn"),
        ("政府周二表示，不会修改法律，部长正在与工会进行谈判。", "zh"),
        ("12345 67890", None),
        ("OK", None),
        ("", None),
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected
