"""Language of a page's text: real sentences in each language, short texts, mixed documents, numbers."""

from __future__ import annotations

import pytest

from packet.core.language import ENGLISH, UNKNOWN, detect_language, document_language

SENTENCES = {
    "English": "I have known Mr. Alvarez for more than ten years. He is a hard-working man who takes care of his "
               "mother and his two children, and he has never been in trouble with the police.",
    "Spanish": "Conozco al señor Álvarez desde hace más de diez años. Es un hombre trabajador que cuida a su madre "
               "y a sus dos hijos, y nunca ha tenido problemas con la policía.",
    "Portuguese": "Conheço o senhor Álvares há mais de dez anos. Ele é um homem trabalhador que cuida da mãe e dos "
                  "dois filhos, e nunca teve problemas com a polícia. Também ajuda na igreja.",
    "French": "Je connais monsieur Alvarez depuis plus de dix ans. C'est un homme travailleur qui s'occupe de sa "
              "mère et de ses deux enfants, et il n'a jamais eu de problèmes avec la police.",
    "Haitian Creole": "Mwen konnen Mesye Alvarez depi plis pase dis lane. Se yon nonm ki travay di, li pran swen "
                      "manman li ak de pitit li yo, epi li pa janm gen pwoblèm ak lapolis.",
    "Chinese": "我认识阿尔瓦雷斯先生已经十多年了。他是一个勤劳的人，照顾他的母亲和两个孩子，从来没有和警察发生过问题。",
    "Arabic": "أعرف السيد ألفاريز منذ أكثر من عشر سنوات. "
              "إنه رجل مجتهد يعتني بوالدته وطفليه، ولم يواجه أي مشاكل مع الشرطة.",
    "Russian": "Я знаю господина Альвареса более десяти лет. Он трудолюбивый человек, который заботится о своей "
               "матери и двух детях, и у него никогда не было проблем с полицией.",
    "Hindi": "मैं श्री अल्वारेज़ को दस साल से अधिक समय से जानता हूँ। वह एक मेहनती व्यक्ति हैं जो अपनी माँ और दो बच्चों "
             "की देखभाल करते हैं।",
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_a_letter_in_each_language_is_named(language):
    found = detect_language(SENTENCES[language])
    assert found.language == language, found
    assert found.confidence > 0.3


def test_a_spanish_birth_certificate_as_ocr_reads_it():
    text = ("ESTADOS UNIDOS MEXICANOS\nACTA DE NACIMIENTO\nEn la ciudad de Oaxaca, el día 15 de marzo de 2014, "
            "compareció José Núñez Ibáñez ante el oficial del Registro Civil para registrar el nacimiento de la "
            "niña María Peña Muñoz, hija de Ángela Muñoz Gutiérrez.")
    assert detect_language(text).language == "Spanish"


@pytest.mark.parametrize("text", ["", "   ", "12/03/2014  4,500.00  $ 1,234.56\n001-22-3333", "Firma",
                                  "José Núñez", "A-123-456-789"])
def test_short_texts_and_numbers_are_unknown_not_guessed(text):
    assert detect_language(text).language == UNKNOWN


def test_a_mostly_spanish_document_with_an_english_page_is_mostly_not_english():
    doc = document_language([SENTENCES["Spanish"] * 3, SENTENCES["English"], "Página 2 de 3  12/03/2014"])
    assert doc.language == "Spanish" and doc.mostly_not_english
    assert 0.5 < doc.not_english_share < 1
    assert [p.language for p in doc.pages] == ["Spanish", ENGLISH, UNKNOWN]


def test_an_english_document_with_a_spanish_quote_is_english():
    doc = document_language([SENTENCES["English"] * 3, SENTENCES["Spanish"]])
    assert doc.language == ENGLISH and not doc.mostly_not_english


def test_a_document_of_numbers_only_is_unknown():
    doc = document_language(["4,500.00 1,234.56", "", "2014 2015"])
    assert doc.language == UNKNOWN and not doc.mostly_not_english and doc.not_english_share == 0


def test_a_bilingual_form_with_both_languages_on_the_page_goes_by_the_majority():
    page = ("Name / Nombre: José Núñez. Date of birth / Fecha de nacimiento: 15 de marzo de 2014. " +
            SENTENCES["Spanish"] + " " + SENTENCES["Spanish"])
    assert detect_language(page).language == "Spanish"
