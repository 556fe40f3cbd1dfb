from helpers.textnorm import compact, fold, slugify, turkish_lower


def test_turkish_lower_dotted_and_dotless():
    assert turkish_lower("İI") == "iı"
    assert turkish_lower("IĞDIR") == "ığdır"
    assert turkish_lower("I\u0307ZMI\u0307R") == "izmir"  # decomposed capital dotted I


def test_fold_by_hand():
    assert fold("  K.MARAŞ ") == "k maras"
    assert fold("Şanlı-urfa") == "sanli urfa"
    assert fold("i\u0307zmir") == "izmir"  # what str.lower() gives for "İzmir"
    assert compact("K. Maraş") == compact("K.MARAŞ") == "kmaras"
    assert slugify("Afyon Karahisar") == "afyon-karahisar"
