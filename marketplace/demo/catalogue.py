"""The demo's raw material: cities and neighbourhoods, the category tree, merchants and deal ideas.

Plain data, no randomness: demo/loader.py draws from it with a seeded random generator.
"""

# city -> (time zone, phone prefix, neighbourhoods: (name, latitude, longitude, street, postcode))
CITIES = {
    "Lisbon": ("Europe/Lisbon", "+351 21", [
        ("Chiado", 38.7107, -9.1425, "Rua Garrett", "1200-203"),
        ("Bairro Alto", 38.7133, -9.1459, "Rua da Rosa", "1200-385"),
        ("Alfama", 38.7118, -9.1300, "Rua de São Miguel", "1100-544"),
        ("Príncipe Real", 38.7166, -9.1488, "Rua da Escola Politécnica", "1250-100"),
        ("Avenidas Novas", 38.7394, -9.1465, "Avenida da República", "1050-191"),
        ("Alcântara", 38.7036, -9.1780, "Rua Maria Pia", "1350-208"),
        ("Belém", 38.6975, -9.2060, "Rua de Belém", "1300-085"),
        ("Parque das Nações", 38.7680, -9.0940, "Alameda dos Oceanos", "1990-223"),
        ("Campo de Ourique", 38.7170, -9.1660, "Rua Ferreira Borges", "1350-130"),
        ("Arroios", 38.7290, -9.1350, "Rua Morais Soares", "1900-341"),
    ]),
    "Porto": ("Europe/Lisbon", "+351 22", [
        ("Ribeira", 41.1407, -8.6131, "Rua da Fonte Taurina", "4050-260"),
        ("Baixa", 41.1466, -8.6110, "Rua de Santa Catarina", "4000-447"),
        ("Cedofeita", 41.1531, -8.6193, "Rua de Cedofeita", "4050-180"),
        ("Boavista", 41.1579, -8.6291, "Avenida da Boavista", "4100-112"),
        ("Foz do Douro", 41.1521, -8.6758, "Rua do Passeio Alegre", "4150-573"),
        ("Bonfim", 41.1479, -8.5966, "Rua do Heroísmo", "4300-259"),
        ("Paranhos", 41.1710, -8.6030, "Rua de Costa Cabral", "4200-208"),
        ("Miragaia", 41.1435, -8.6190, "Rua de Miragaia", "4050-387"),
    ]),
}

# Top-level category -> (colour pair for images, subcategories)
CATEGORY_TREE = {
    "Food & drink": (((196, 69, 54), (242, 166, 90)), ["Restaurants", "Cafés", "Bars & wine"]),
    "Beauty & spa": (((155, 89, 182), (241, 148, 138)), ["Massage", "Hair", "Nails"]),
    "Health & fitness": (((22, 160, 133), (88, 214, 141)), ["Gym", "Yoga", "Pilates"]),
    "Activities": (((41, 128, 185), (93, 173, 226)), ["Tours", "Classes", "Escape rooms"]),
    "Services": (((52, 73, 94), (133, 146, 158)), ["Car care", "Cleaning", "Photography"]),
}

HOURS = {
    "Food & drink": "Mon-Sat 12:00-15:00, 19:00-23:00\nSun 12:00-16:00",
    "Beauty & spa": "Mon-Fri 10:00-20:00\nSat 10:00-18:00",
    "Health & fitness": "Mon-Fri 07:00-22:00\nSat-Sun 09:00-14:00",
    "Activities": "Every day 10:00-19:00",
    "Services": "Mon-Fri 09:00-19:00\nSat 09:00-13:00",
}

# Subcategory -> (merchant names, merchant blurb, deal ideas)
# A deal idea: (title, [(option title, value in euros)], highlights, fine print)
SUBCATEGORIES = {
    "Restaurants": (
        ["Tasca do Bairro", "Casa Marítima", "O Velho Fogão"],
        "A family-run {what} in {hood} serving Portuguese classics from the market.",
        [
            ("Three-course dinner with wine", [("Dinner for 2", 70), ("Dinner for 4", 140)],
             "Starter, main and dessert\nA bottle of house wine for two\nSeasonal menu",
             "Reservation required.\nNot valid on public holidays."),
            ("Seafood platter for two", [("Platter for 2", 80), ("Platter for 2 with Alvarinho", 105)],
             "Prawns, clams and crab\nFresh bread and butter", "Reservation required."),
            ("Tasting menu of seven dishes", [("Tasting menu for 1", 55), ("Tasting menu for 2", 110)],
             "Seven dishes chosen by the chef\nWine pairing available on site",
             "Dinner only, Tuesday to Saturday."),
        ],
    ),
    "Cafés": (
        ["Café Lusitano", "Pastelaria Aurora", "Grão Torrado"],
        "A neighbourhood {what} in {hood} with coffee roasted on site.",
        [
            ("Brunch for two", [("Brunch for 2", 36), ("Brunch for 4", 72)],
             "Eggs, bread, fruit and pastries\nFresh orange juice\nCoffee or tea",
             "Weekends until 14:00."),
            ("Six pastéis de nata and two coffees", [("Box of 6 + 2 coffees", 12)],
             "Baked every morning\nTake away or eat in", "One voucher per visit."),
            ("Coffee tasting workshop", [("Workshop for 1", 35), ("Workshop for 2", 65)],
             "Three origins, three brewing methods\n90 minutes with our roaster",
             "Saturdays at 11:00; book 48 h ahead."),
        ],
    ),
    "Bars & wine": (
        ["Garrafeira do Largo", "Bar Miradouro", "Adega Velha"],
        "A {what} in {hood} with a long list of Portuguese wines.",
        [
            ("Wine tasting with cheese board", [("Tasting for 2", 50), ("Tasting for 4", 95)],
             "Five Portuguese wines\nCheese and charcuterie board\nGuided by our sommelier",
             "Over 18s only. Booking required."),
            ("Port wine flight", [("Flight for 1", 25), ("Flight for 2", 48)],
             "Four ports from white to vintage", "Over 18s only."),
            ("Cocktails for two at sunset", [("2 cocktails + snacks", 30)],
             "Two signature cocktails\nPetiscos to share", "From 17:00. Over 18s only."),
        ],
    ),
    "Massage": (
        ["Spa Oriente", "Mãos de Seda", "Casa Zen"],
        "A calm {what} in {hood} with certified therapists.",
        [
            ("Full-body relaxing massage", [("60 minutes", 60), ("90 minutes", 85)],
             "Aromatherapy oils\nShower and tea afterwards", "Booking required. Arrive 10 minutes early."),
            ("Couples massage", [("60 minutes for 2", 120)],
             "Side by side in a double room\nHerbal tea", "Booking required."),
            ("Hot stone massage", [("50 minutes", 70), ("80 minutes", 95)],
             "Basalt stones\nDeep muscle relief", "Not suitable during pregnancy."),
        ],
    ),
    "Hair": (
        ["Salão Estrela", "Corte & Cor", "Barbearia Clássica"],
        "A {what} in {hood} with stylists trained in Lisbon and London.",
        [
            ("Cut, wash and blow-dry", [("Short hair", 35), ("Long hair", 50)],
             "Consultation with a senior stylist\nProfessional products", "Booking required."),
            ("Full colour with cut", [("Colour + cut", 95)],
             "Ammonia-free colour\nTreatment mask included", "Patch test 48 h before."),
            ("Classic beard trim and hot towel shave", [("Trim + shave", 30)],
             "Hot towel\nBeard oil", "Walk-ins welcome on weekdays."),
        ],
    ),
    "Nails": (
        ["Unhas & Companhia", "Nail Atelier", "Verniz Studio"],
        "A {what} in {hood} for manicures, pedicures and nail art.",
        [
            ("Gel manicure", [("Gel manicure", 28), ("Gel manicure + pedicure", 55)],
             "Lasts up to three weeks\nDozens of colours", "Removal of old gel not included."),
            ("Spa pedicure", [("Spa pedicure", 35)],
             "Foot soak and scrub\nMassage", "Booking required."),
        ],
    ),
    "Gym": (
        ["Ginásio Atlântico", "Força Fitness", "Clube Olímpico"],
        "A {what} in {hood} with free weights, machines and group classes.",
        [
            ("One month of unlimited gym access", [("1 month", 55), ("3 months", 150)],
             "Open seven days a week\nLockers and showers\nGroup classes included",
             "For new members only."),
            ("Ten personal training sessions", [("5 sessions", 200), ("10 sessions", 380)],
             "A plan made for you\nProgress check every session", "Sessions within 3 months."),
        ],
    ),
    "Yoga": (
        ["Yoga Shala Tejo", "Estúdio Lótus", "Respira Yoga"],
        "A {what} in {hood} with daily classes for every level.",
        [
            ("Ten yoga classes", [("5 classes", 60), ("10 classes", 110)],
             "Hatha, vinyasa and yin\nMats provided", "Book classes in the studio app."),
            ("Sunrise yoga by the river", [("1 session", 15), ("4 sessions", 55)],
             "Outdoor class at 07:30\nHerbal tea afterwards", "Cancelled in case of rain."),
        ],
    ),
    "Pilates": (
        ["Pilates Core Studio", "Equilíbrio Pilates", "Reformer Lab"],
        "A {what} in {hood} with reformer and mat classes in small groups.",
        [
            ("Reformer pilates classes", [("4 classes", 80), ("8 classes", 150)],
             "Groups of at most six\nCertified instructors", "Classes within 2 months."),
            ("Private pilates session", [("1 private session", 55)],
             "One-to-one on the reformer", "Booking required."),
        ],
    ),
    "Tours": (
        ["Lisboa Walks", "Douro Experiences", "Sabores Food Tours"],
        "A local tour company in {hood} with guides born in the city.",
        [
            ("Walking food tour with tastings", [("1 person", 65), ("2 people", 125)],
             "Eight tastings in family shops\nThree hours with a local guide", "Tours at 10:00 and 16:00."),
            ("Sunset boat trip on the river", [("1 person", 40), ("2 people", 75)],
             "Ninety minutes on a sailing boat\nA glass of sparkling wine", "Weather permitting."),
            ("Tuk-tuk tour of the old town", [("1 hour for up to 3", 60), ("2 hours for up to 3", 110)],
             "Private tour\nPick-up from your hotel", "Booking required."),
        ],
    ),
    "Classes": (
        ["Escola do Azulejo", "Cozinha Aberta", "Atelier Barro"],
        "A {what} in {hood} teaching traditional crafts in small groups.",
        [
            ("Tile painting workshop", [("1 person", 45), ("2 people", 85)],
             "Paint your own azulejo\nTile fired and ready in a week", "All materials included."),
            ("Portuguese cooking class", [("1 person", 70), ("2 people", 130)],
             "Cook three dishes and eat them\nRecipes to take home", "Vegetarian menu on request."),
            ("Pottery wheel class", [("2-hour class", 50)],
             "Throw two pieces\nGlazing included", "Pieces ready to collect after 2 weeks."),
        ],
    ),
    "Escape rooms": (
        ["Enigma Rooms", "Fuga Perfeita", "Cadeado Escape"],
        "An escape room venue in {hood} with four themed rooms.",
        [
            ("Escape room for a team", [("Team of 2-3", 60), ("Team of 4-6", 90)],
             "60 minutes to get out\nFour themed rooms", "Booking required. From 12 years old."),
        ],
    ),
    "Car care": (
        ["Lavagem Brilho", "Auto Spa Centro", "Oficina Rápida"],
        "A car care {what} in {hood} with hand washing and detailing.",
        [
            ("Full hand wash inside and out", [("Car", 35), ("SUV or van", 45)],
             "Exterior hand wash\nInterior vacuum and dashboard", "Booking recommended."),
            ("Full detailing with ceramic wax", [("Car", 150)],
             "Clay bar and polish\nCeramic wax protection", "Takes about 5 hours."),
        ],
    ),
    "Cleaning": (
        ["Casa Limpa", "Brilho Total", "Limpezas Tejo"],
        "A home cleaning company from {hood} with insured, trained staff.",
        [
            ("Home cleaning", [("3 hours", 60), ("5 hours", 95)],
             "Products and equipment included\nInsured cleaners", "Book 3 days ahead."),
            ("Sofa and carpet deep clean", [("2-seat sofa", 70), ("Sofa + carpet", 120)],
             "Steam cleaning\nDries in a few hours", "Within the city only."),
        ],
    ),
    "Photography": (
        ["Estúdio Luz", "Retrato Vivo", "Foto Atlântica"],
        "A photography {what} in {hood} for portraits, families and events.",
        [
            ("Outdoor portrait session", [("1 hour, 15 photos", 120), ("2 hours, 40 photos", 220)],
             "Edited photos in high resolution\nTwo locations", "Booking required."),
            ("Family studio session", [("Session + 10 photos", 150)],
             "Up to six people\nOne printed photo", "Booking required."),
        ],
    ),
}

# What a merchant is, for the blurb ("a family-run restaurant in Chiado").
WHAT = {
    "Restaurants": "restaurant", "Cafés": "café", "Bars & wine": "wine bar", "Massage": "spa",
    "Hair": "salon", "Nails": "studio", "Gym": "gym", "Yoga": "studio", "Pilates": "studio",
    "Tours": "company", "Classes": "school", "Escape rooms": "venue", "Car care": "centre",
    "Cleaning": "company", "Photography": "studio",
}
