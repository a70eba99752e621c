"""Stop words per language, written for kb: short function-word lists.

Only words that carry no topic are listed; the lists stay short on purpose
because with OR queries and BM25 a missed stop word costs little, while a
content word wrongly listed makes documents unfindable.
"""

from __future__ import annotations

_RAW = {
    "en": """a an and are as at be been but by can could did do does for from had has have he her his how i if in
        into is it its may more most must no not of on or our shall should so such than that the their them then
        there these they this those to under was we were what when where which while who why will with would
        you your also about all any both each other over only own same some very""",
    "de": """aber als am an auch auf aus bei bin bis bist da damit dann das dass dem den der des die dies diese
        diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es für hat hatte
        hatten hier ich ihr ihre im in ist ja jede jedem jeden jeder jedes kann kein keine können mit muss nach
        nicht noch nur ob oder ohne sehr sein seine sich sie sind so soll sollen über um und uns unser unter
        vom von vor war waren was weil welche welcher wenn wer werden wie wir wird wo wurde wurden zu zum zur
        zwischen sowie bzw""",
    "da": """af alle alt at blev bliver da de dem den denne der deres det dette du efter eller en end er et for
        fra ham han har havde have hende her hos hun hvad hvis hvor i ikke ind jeg kan kunne man mange med meget
        men mig min mit nogle når og også om op os over på sig sin sine skal som så til ud under var vi vil
        ville være været ved samt""",
    "sv": """alla att av blev bli den denna dess det detta de dem där eller en ett för från har hade han hon
        hur i inom inte jag kan man med men mot nu när och också om på sig sin sina ska skall som så till under
        upp ut utan var vara vi vid vilka vilken vill är även efter samt""",
    "nb": """alle at av bare ble bli da de dem den denne der deres det dette du eller en ett et etter for fra
        har hadde han hun hva hvis hvor i ikke inn jeg kan kunne man med men meg min mitt når og også om opp
        oss over på seg sin sine skal som så til under ut var vi vil ville være vært ved samt""",
    "nl": """aan al als bij dan dat de deze die dit door een en er hebben heeft het hij hoe hun ik in is je
        kan kunnen maar met meer na naar niet nog of om onder ons ook op over te tegen tot uit van veel voor
        was wat we wel werd wie wij worden wordt zal ze zich zij zijn zo zonder""",
    "fr": """à au aux avec ce ces cette dans de des du elle en est et eux il ils je la le les leur leurs lui
        mais même nous on ou où par pas pour qu que qui sa se ses son sont sur ta te tes ton tu un une vous
        été être sans ainsi entre""",
    "pl": """a aby ale bez by być co czy dla do go i ich im jak jako je jego jej jest już lub ma na nad nie
        o od oraz po pod przez przy się są ta tak te tego tej to tu w we z za ze że""",
    "fi": """ja on ei että se ovat oli olla mutta tai kun kuin myös sekä niin jos joka jotka tämä nämä ne hän
        he me te minä sinä sen sitä siitä kanssa""",
}

STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in _RAW.items()}
