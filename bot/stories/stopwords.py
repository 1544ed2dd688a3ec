"""English stop words, folded (lower case, no diacritics), as matched after tokenising; with
the wire agencies whose names stand in datelines and credits, not in the news; and the function
words of Urdu, Arabic, Persian, Hindi and Bengali (bot.text.stopwords)."""

from bot.text.stopwords import FUNCTION_WORDS

STOP_WORDS: frozenset[str] = (
    frozenset(
        """
    a about above after again against ago all almost along also although am among an and another
    any anyone anything are around as at away back be became because become been before being
    below between both but by can cannot could did do does doing done down during each either else
    even ever every few for from further get gets getting got had has have having he her here hers
    herself him himself his how however i if in into is it its itself just least less like made
    make many may me might more most much must my myself near neither never new next no nor not
    now of off often on once one only onto or other others our ours ourselves out over own per
    perhaps put rather really said same say says see seen she should since so some still such than
    that the their theirs them themselves then there these they thing this those though through
    thus to too toward towards under until up upon us very via was way we well were what when
    where whether which while who whom whose why will with within without would yet you your yours
    yourself yourselves s t d ll m re ve don didn doesn isn wasn weren won wouldn couldn shouldn
    aren hasn haven hadn mr mrs ms according told reported report reports news today yesterday
    tomorrow week weeks year years day days time times people
    ap afp reuters dpa upi efe ansa
    """.split()
    )
    | FUNCTION_WORDS
)
