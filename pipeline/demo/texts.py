"""What the demo's people and brand write, in Spanish, Italian and English.

Placeholders: ``{brand}`` (the brand as named on that platform), ``{product}``, ``{n}`` (a small number).
Only the ``recommend`` texts (and some paid ones) use the words recomiendo / consiglio / recommend, so a reader can
count recommendations by those words.
"""

from __future__ import annotations

import random

PRODUCTS = {
    "es": ("bikini Ondina", "bañador Posidonia", "pareo Amalfi", "sombrero Levante", "kimono Tramontana"),
    "it": ("bikini Ondina", "costume Posidonia", "pareo Amalfi", "cappello Levante", "kimono Tramontana"),
    "en": ("Ondina bikini", "Posidonia swimsuit", "Amalfi sarong", "Levante hat", "Tramontana kimono"),
}

MENTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "recommend": {
        "es": (
            "Os recomiendo {brand}: el {product} aguanta el cloro y sigue como nuevo 🌊",
            "Recomiendo muchísimo {brand}, atención de diez y tallas que sí cuadran",
            "Si buscáis bañador os recomiendo {brand}. Yo ya voy por el tercero",
            "Os recomiendo {brand} sin dudarlo. Me cambiaron la talla en dos días 💙",
            "Para regalar os recomiendo el {product} de {brand}, a mi hermana le ha encantado",
        ),
        "it": (
            "Vi consiglio {brand}: il {product} è perfetto, tessuto morbidissimo",
            "Consiglio {brand} a tutte, servizio clienti gentilissimo",
            "Vi consiglio {brand} per l'estate, qualità ottima e spedizione veloce",
            "Vi consiglio il {product} di {brand}, lo uso da due stagioni ed è come nuovo",
        ),
        "en": (
            "I recommend {brand} to anyone looking for swimwear that lasts",
            "Honestly I recommend {brand}: the {product} fits like a dream",
            "I recommend {brand}, great fabric & lovely people behind it",
            "Can't recommend {brand} enough, they fixed my order in a day",
        ),
    },
    "praise": {
        "es": (
            "Me ha llegado el {product} de {brand} y es precioso ☀️",
            "Estrenando el {product} de {brand} en la Barceloneta",
            "Qué bonito el catálogo nuevo de {brand}",
            "El {product} de {brand}, mi compra favorita del verano",
        ),
        "it": (
            "Arrivato il {product} di {brand}, bellissimo!",
            "Prima nuotata con il {product} di {brand} 🌊",
            "Che bella la nuova collezione di {brand}",
        ),
        "en": (
            "My {product} from {brand} just arrived and it's gorgeous",
            "Beach day in my {product} from {brand} ☀️",
            "The new {brand} collection is lovely",
        ),
    },
    "complaint": {
        "es": (
            "{brand} mi pedido lleva una semana sin moverse. ¿Alguien me dice algo?",
            "Pedí una M y me llegó una L. {brand} ¿cómo lo soluciono?",
            "{brand} el {product} se ha descosido al segundo baño 😞",
            "Escribí a {brand} hace {n} días y sigo sin respuesta",
        ),
        "it": (
            "{brand} il mio ordine è fermo da giorni, nessuna risposta",
            "Taglia sbagliata e nessuno risponde, {brand} 😡",
            "{brand} il {product} ha perso colore dopo {n} lavaggi",
        ),
        "en": (
            "{brand} my order still hasn't shipped after a week",
            "Wrong size again from {brand}, not impressed",
            "Emailed {brand} {n} days ago, still no reply",
        ),
    },
    "question": {
        "es": (
            "{brand} ¿hacéis envíos a Canarias?",
            "¿Alguien sabe si el {product} de {brand} talla grande o pequeño?",
            "{brand} ¿cuándo vuelve a estar disponible el {product}?",
            "{brand} ¿tenéis tienda física en Valencia?",
        ),
        "it": (
            "{brand} spedite anche in Svizzera?",
            "Qualcuno ha provato il {product} di {brand}? Che taglia prendo?",
            "{brand} quando torna disponibile il {product}?",
        ),
        "en": (
            "{brand} do you ship to the UK, and who pays the import fees?",
            "Anyone tried the {product} from {brand}? Does it run small?",
            "{brand} when is the {product} back in stock?",
        ),
    },
    "chatter": {
        "es": (
            "Visto en el escaparate de {brand} en el Born",
            "{brand} ha sacado colección nueva, a ver qué tal",
            "Hoy toca playa: bolsa, crema, libro y el {product} de {brand}",
            "Las rebajas de {brand} empiezan el lunes, según dicen",
        ),
        "it": (
            "Nuova collezione di {brand} in vetrina",
            "Visto il pop-up di {brand} a Milano",
            "Oggi mare, libro e {product} di {brand}",
        ),
        "en": (
            "Saw the {brand} pop-up in Soho today",
            "{brand} has a new collection out",
            "Packing for Menorca: the {product} from {brand} is going in",
        ),
    },
    "paid": {
        "es": (
            "#publi Mi bikini favorito de este verano es de {brand} 🌊 Código CREATOR15 para un 15% de descuento",
            "#publi En colaboración con {brand}: probando el {product} en Formentera ☀️",
            "Os lo recomiendo de verdad: el {product} de {brand} 💙 #publi",
            "Mi look de playa con {brand} 😍 código CREATOR15",
        ),
        "it": (
            "#adv Il mio costume preferito? {brand}! Codice CREATOR15 per il 15% di sconto",
            "#adv In collaborazione con {brand}: il {product} in Sardegna",
            "Sponsorizzato da {brand} #adv: il {product} è arrivato in spiaggia",
        ),
        "en": (
            "#ad My go-to swimsuit this summer is from {brand} 🌊 Use CREATOR15 for 15% off",
            "#sponsored Trying the {product} from {brand} in Cornwall",
            "#ad Packing list: the {product} from {brand}, code CREATOR15",
        ),
    },
    "gifted": {
        "es": (
            "PUBLI | El {product} de {brand} me lo han mandado para probarlo y es precioso 🌊",
            "Producto cedido por {brand}: el {product} ya está en mi maleta ☀️",
            "Con mi código LOLI10 tenéis un 10% en {brand}, el {product} es mi favorito",
        ),
        "it": (
            "ADV | Il {product} di {brand} in Sardegna, che colori 😍",
            "Prodotto in omaggio da {brand}: il {product} veste benissimo",
            "Con il mio codice GIULI10 avete il 10% da {brand}",
        ),
        "en": (
            "Ad | my {product} from {brand} in Cornwall ☀️",
            "PR package from {brand} just landed and the {product} is gorgeous",
            "Use my code EMMA10 for 10% off {brand}, the {product} is so comfy",
        ),
    },
    "employee": {
        "es": (
            "Hoy en el taller de {brand} preparando los pedidos de la semana 📦",
            "Orgullosa del equipo de {brand}: colección nueva lista",
            "Sesión de fotos para {brand} en Cadaqués, ¡qué luz!",
        ),
        "it": ("Dietro le quinte da {brand}: si prepara la nuova collezione",),
        "en": ("Behind the scenes at {brand}: packing day!",),
    },
    "reply": {
        "es": (
            "@marea_shop ¡Qué bonito! ¿Lo tenéis en talla L?",
            "@marea_shop me encanta este color 😍",
            "@marea_shop ¿y para cuándo en azul?",
        ),
        "it": ("@marea_shop bellissimo! Disponibile anche in blu?", "@marea_shop che colori stupendi"),
        "en": ("@marea_shop love this colour! Back in stock soon?", "@marea_shop need this for Ibiza"),
    },
    "thanks": {
        "es": ("@marea_shop ¡Gracias por la respuesta tan rápida! 💙", "@marea_shop ¡Solucionado, mil gracias!"),
        "it": ("@marea_shop grazie mille per la risposta veloce!", "@marea_shop risolto, grazie!"),
        "en": ("@marea_shop thanks for sorting it so quickly!", "@marea_shop all fixed, thank you!"),
    },
    "spike": {
        "es": (
            "{brand} llevo {n} días esperando mi pedido y nadie responde. ¿Qué está pasando?",
            "Tercera vez que escribo a {brand}: pedido retrasado y sin seguimiento 😡",
            "¿A alguien más le llega tarde el pedido de {brand}? #retraso",
            "{brand} pagué envío urgente hace {n} días y nada. Muy decepcionada",
        ),
        "it": (
            "{brand} ordine in ritardo di {n} giorni, che succede?",
            "Anche a voi l'ordine {brand} non arriva? Che delusione",
            "{brand} tracking fermo da {n} giorni, nessuna risposta",
        ),
        "en": (
            "{brand} {n} days and my order still hasn't arrived. Anyone else?",
            "Where is my parcel {brand}? Tracking hasn't moved in {n} days",
            "Really disappointed with {brand}, order delayed and no updates",
        ),
    },
}
FRIEND_TAG = {"es": "@{friend} mira esto 👀 ", "it": "@{friend} guarda 👀 ", "en": "@{friend} look 👀 "}
EMAIL_TEXT = "Si alguien de {brand} lee esto: escribidme a {email}, sigo esperando el cambio de talla"
BOT_TEXTS = (
    "🔥 OFERTA {brand}: bañadores al -70% solo hoy 👉 marea-outlet-deals.example",
    "💥 {brand} swimwear 80% OFF today only!! link in bio",
    "Gana un bikini {brand} GRATIS 🎁 sigue y comparte 👉 sorteos-marea.example",
)

BRAND_REPLIES: dict[str, dict[str, tuple[str, ...]]] = {
    "complaint": {
        "es": (
            "@{h} ¡Lo sentimos mucho! Te escribimos por DM para solucionarlo hoy mismo.",
            "@{h} Perdona las molestias. ¿Nos pasas el número de pedido por DM? Lo miramos ya.",
        ),
        "it": ("@{h} Ci dispiace tanto! Ti scriviamo in DM per risolvere subito.",),
        "en": ("@{h} So sorry about this! We've sent you a DM to sort it out today.",),
    },
    "spike": {
        "es": (
            "@{h} Tienes toda la razón y lo sentimos. Ha habido un retraso con el transportista; "
            "te mandamos el seguimiento por DM.",
        ),
        "it": ("@{h} Hai ragione, scusaci. Il corriere ha avuto un ritardo: ti mandiamo il tracking in DM.",),
        "en": ("@{h} You're right & we're sorry. Our courier is running late; we've DM'd you the tracking.",),
    },
    "question": {
        "es": (
            "@{h} ¡Hola! Te respondemos por DM con todos los detalles 😊",
            "@{h} ¡Sí! Envío en 48-72 h a toda España, también a Canarias.",
        ),
        "it": ("@{h} Ciao! Ti rispondiamo in DM con tutti i dettagli 😊",),
        "en": ("@{h} Hi! We've sent you the details by DM 😊",),
    },
    "positive": {
        "es": ("@{h} ¡Gracias por recomendarnos! Nos alegra muchísimo 💙", "@{h} ¡Qué ilusión leer esto! Gracias 🌊"),
        "it": ("@{h} Grazie di cuore! 💙",),
        "en": ("@{h} Thank you so much, this made our day 💙",),
    },
    "thanks": {
        "es": ("@{h} ¡Gracias a ti! Disfruta del verano 🌊",),
        "it": ("@{h} Grazie a te! Buona estate 🌊",),
        "en": ("@{h} Thank you! Enjoy the summer 🌊",),
    },
}

BROADCASTS: dict[str, tuple[str, ...]] = {
    "es": (
        "Sol & sal: la colección Levante ya está aquí ☀️ #marea",
        "Envío gratis a partir de 60 € 📦 #marea",
        "Tallas de la XS a la XXL, porque el mar es para todas 💙",
        'Nuestro "Bikini Ondina" vuelve en tres colores nuevos 🌊',
        "¡SORTEO! 🎁 Sigue a @marea_shop y comparte para ganar un bañador Posidonia",
        "Hecho en Barcelona con tejido reciclado. Así nace cada pieza.",
        "Nueva colección Posidonia\nTejido reciclado, costuras que aguantan.\n#marea #swimwear",
    ),
    "it": (
        "La collezione Amalfi è online ☀️ #marea",
        "Spedizione gratuita sopra i 60 € 📦",
        "Dalla XS alla XXL, perché il mare è di tutte 💙",
        "Nuovo arrivo: il kimono Tramontana\nLeggero, fresco, fatto a Barcellona.\n#marea",
    ),
    "en": (
        "Sun & salt: the Levante collection is live ☀️ #marea",
        "Free shipping over €60 📦 #marea",
        "Sizes XS to XXL -> because the sea is for everyone 💙",
        "Meet the Tramontana kimono\nLight, airy, made in Barcelona.\n#marea #swimwear",
    ),
}
UGC_CREDIT = {
    "es": "\n📸 Gracias @{h} por la foto",
    "it": "\n📸 Grazie @{h} per la foto",
    "en": "\n📸 Thanks @{h} for the photo",
}

DMS: dict[str, dict[str, tuple[str, ...]]] = {
    "question": {
        "es": (
            "Hola, ¿el bañador Posidonia talla grande o pequeño? Suelo usar una M",
            "Buenas, ¿hacéis envíos a Portugal?",
            "Hola! ¿Cuánto tarda un cambio de talla?",
        ),
        "it": (
            "Ciao, il costume Posidonia veste grande o piccolo? Di solito porto una M",
            "Buongiorno, spedite in Svizzera?",
        ),
        "en": (
            "Hi, does the Posidonia swimsuit run small? I'm usually a medium",
            "Hello, how long does an exchange take?",
        ),
    },
    "problem": {
        "es": (
            "Hola, mi pedido no ha llegado y ya han pasado 8 días",
            "Me ha llegado el bikini con un defecto en la costura, ¿qué hago?",
        ),
        "it": ("Ciao, il mio ordine non è ancora arrivato", "Il costume è arrivato con un difetto, come faccio?"),
        "en": (
            "Hi, my order hasn't arrived yet and it's been 8 days",
            "My bikini arrived with a faulty seam, what should I do?",
        ),
    },
    "delay": {
        "es": ("¿Dónde está mi pedido? Llevo más de 10 días esperando", "Hola, ¿hay algún problema con los envíos?"),
        "it": ("Dov'è il mio ordine? Aspetto da più di 10 giorni",),
        "en": ("Where is my order? It's been over 10 days",),
    },
    "follow_up": {
        "es": ("¿Hola? ¿Alguien por ahí?", "Os escribo otra vez por lo mismo"),
        "it": ("C'è qualcuno?",),
        "en": ("Hello? Anyone there?",),
    },
    "thanks": {
        "es": ("¡Genial, muchas gracias!", "Perfecto, gracias por la rapidez 💙"),
        "it": ("Perfetto, grazie mille!",),
        "en": ("Brilliant, thanks so much!",),
    },
}
AUTO_ACK = {
    "es": "Gracias por escribirnos, te responderemos pronto",
    "it": "Grazie per averci scritto, ti risponderemo presto",
    "en": "Thanks for your message, we'll get back to you soon",
}
BRAND_DMS: dict[str, dict[str, tuple[str, ...]]] = {
    "question": {
        "es": ("¡Hola! Talla normal; si dudas entre dos, coge la mayor. El cambio es gratis 😊",),
        "it": ("Ciao! Veste regolare; se sei tra due taglie prendi la più grande. Il cambio è gratuito 😊",),
        "en": ("Hi! It runs true to size; between two sizes, go up one. Exchanges are free 😊",),
    },
    "problem": {
        "es": ("¡Lo sentimos! Te enviamos uno nuevo hoy mismo, sin coste.",),
        "it": ("Ci dispiace! Te ne spediamo uno nuovo oggi stesso, senza costi.",),
        "en": ("So sorry! We're sending a replacement today, free of charge.",),
    },
    "delay": {
        "es": (
            "Lo sentimos mucho: el transportista va con retraso. Aquí tienes el seguimiento y un código GRACIAS10.",
        ),
        "it": ("Ci dispiace molto: il corriere è in ritardo. Ecco il tracking e un codice GRACIAS10.",),
        "en": ("We're so sorry: our courier is running late. Here's your tracking and a GRACIAS10 code.",),
    },
    "closing": {
        "es": ("¡A ti! Cualquier cosa, aquí estamos 💙",),
        "it": ("Grazie a te! Siamo qui per qualsiasi cosa 💙",),
        "en": ("Thank you! We're here if you need anything 💙",),
    },
}


def brand_name_on(page_type: str) -> str:
    return {"twitter": "@marea_shop", "instagram": "@marea.shop"}.get(page_type, "Marea")


def fill(rng: random.Random, template: str, language: str, page_type: str) -> str:
    return template.format(
        brand=brand_name_on(page_type), product=rng.choice(PRODUCTS[language]), n=rng.randrange(6, 16)
    )


def pick(rng: random.Random, table: dict[str, dict[str, tuple[str, ...]]], kind: str, language: str) -> str:
    return rng.choice(table[kind][language])
