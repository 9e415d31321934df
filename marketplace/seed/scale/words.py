"""The words the seed writes: names of providers, employers and people, course titles and descriptions.

Dutch, as the marketplace's users would write them, so full-text search and the pages have something real to
show; people's names follow their preferred language.
"""

from __future__ import annotations

from providers.vocabulary import Exam

#: sector tag -> (the sector in Dutch, who works there, what they talk about)
SECTOR_WORDS = {
    "logistics": ("de logistiek", "orderpickers", ("de heftruck", "de handscanner", "werkbonnen",
                                                   "veiligheidsinstructies")),
    "food_production": ("de voedingsindustrie", "productiemedewerkers", ("hygiëne", "HACCP", "de lopende band",
                                                                          "werkinstructies")),
    "construction": ("de bouw", "bouwvakkers", ("veiligheid op de bouwplaats", "VCA", "bouwtekeningen", "gereedschap")),
    "care": ("de zorg", "zorgmedewerkers", ("cliëntcontact", "rapporteren", "medicatie", "de overdracht")),
    "cleaning": ("de schoonmaak", "schoonmakers", ("schoonmaakmiddelen", "het werkrooster", "klantcontact")),
    "hospitality": ("de horeca", "bedienend personeel", ("gastvrijheid", "bestellingen opnemen", "allergenen")),
    "horticulture": ("de tuinbouw", "kassenmedewerkers", ("oogsten", "gewasbescherming", "werkopdrachten")),
    "agriculture": ("de landbouw", "seizoenswerkers", ("de oogst", "machines", "veilig werken", "dierverzorging")),
    "manufacturing": ("de industrie", "operators", ("machinebediening", "storingen melden", "kwaliteitscontrole")),
    "retail": ("de detailhandel", "winkelmedewerkers", ("klantcontact", "de kassa", "klachten afhandelen")),
    "technology": ("de techniek", "monteurs", ("technische tekeningen", "storingen", "werkbonnen")),
    "transport": ("het transport", "chauffeurs", ("de vrachtbrief", "laden en lossen", "rijtijden")),
    "childcare": ("de kinderopvang", "pedagogisch medewerkers", ("oudergesprekken", "observeren", "voorlezen")),
    "education": ("het onderwijs", "onderwijsassistenten", ("instructie geven", "oudercontact", "rapportage")),
}
LANGUAGE_NAMES = {"pl": "Pools", "ro": "Roemeens", "bg": "Bulgaars", "uk": "Oekraïens", "en": "Engels", "tr": "Turks",
                  "ar": "Arabisch", "es": "Spaans", "pt": "Portugees", "hu": "Hongaars", "lt": "Litouws"}
LANGUAGE_WEIGHTS = (30, 20, 12, 15, 25, 8, 8, 5, 6, 4, 4)
TITLES = (
    "Nederlands op de werkvloer voor {trade}", "Taalcursus {cefr_from} voor {role}",
    "Werkplekgericht Nederlands {cefr_from}-{cefr_to} in {sector}", "Vaktaal {trade}: {topic}",
    "Spreken en verstaan op het werk voor {role}", "Lezen en schrijven in {sector}",
    "Klantcontact in het Nederlands voor {role}", "Veilig werken: Nederlands voor {role}",
    "Nederlands voor anderstaligen {cefr_from}-{cefr_to}",
)
EXAM_TITLES = {Exam.staatsexamen_nt2_i: "Voorbereiding Staatsexamen NT2 programma I ({trade})",
               Exam.inburgeringsexamen: "Inburgeringsexamen: Nederlands op het werk voor {role}"}
NAME_PARTS = ("Taalwerkt", "Taalhuis", "Woordwijs", "Spreekvaardig", "Taalkracht", "NT2 Centrum", "Werkvloertaal",
              "Taalpunt", "Taalbrug", "Nederlands Nu", "Taalschool", "Zeg het maar")
NAME_ENDS = ("Opleidingen", "Trainingen", "Academie", "B.V.", "")
STREETS = ("Stationsweg", "Kerkstraat", "Industrieweg", "Marktplein", "Havenstraat", "Dorpsstraat", "Schoolstraat",
           "Nieuwstraat", "Molenweg", "Parallelweg", "Energieweg", "Ambachtsweg", "Vredenburg", "Koningin Julianalaan")

#: employer sector (organisations.models.SECTORS) -> words for its trade name
EMPLOYER_WORDS = {
    "logistics": ("Distributiecentrum", "Logistiek", "Transport & Opslag", "Fulfilment", "Warehousing"),
    "food_production": ("Vleeswaren", "Bakkerijen", "Zuivel", "Voedingsmiddelen", "Groenteverwerking"),
    "construction": ("Bouwbedrijf", "Aannemersbedrijf", "Infra", "Bouw & Onderhoud"),
    "care": ("Zorggroep", "Thuiszorg", "Woonzorgcentrum", "Zorgcentrum"),
    "cleaning": ("Schoonmaakbedrijf", "Facilitaire Diensten", "Schoonmaakdiensten"),
    "hospitality": ("Hotel", "Restaurants", "Catering", "Horecagroep"),
    "horticulture": ("Kwekerij", "Tuinbouw", "Bloemen", "Plantenkwekerij"),
    "agriculture": ("Landbouwbedrijf", "Akkerbouw", "Melkveehouderij", "Champignons"),
    "manufacturing": ("Metaal", "Verpakkingen", "Kunststoffen", "Machinefabriek", "Productie"),
    "retail": ("Supermarkten", "Bouwmarkt", "Woonwinkel", "Retailgroep"),
    "technology": ("Installatietechniek", "Elektrotechniek", "Techniek", "Service & Montage"),
    "other": ("Diensten", "Groep", "Bedrijven"),
}
FAMILY_NAMES = ("Van Dijk", "Jansen", "De Boer", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "De Groot", "Bos",
                "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker", "Brouwer", "Verhoeven", "Van der Linden")
AGENCY_NAMES = ("Flexwerk", "Uitzendbureau", "Werkbrug", "Personeelsdiensten", "Jobs", "Inzet", "FlexPlus",
                "Werkzaak", "Euroflex", "Arbeidspool")
LEGAL_FORMS = ("B.V.", "B.V.", "B.V.", "", "V.O.F.", "Holding B.V.")
#: ISO 639-1 -> (first names, last names), for the learners
PEOPLE_NAMES = {
    "nl": (("Jan", "Sanne", "Daan", "Emma", "Kees", "Lotte", "Mohamed", "Fleur", "Bram", "Noor"),
           ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Dekker")),
    "en": (("John", "Sarah", "Michael", "Priya", "David", "Grace", "Kwame", "Emily"),
           ("Smith", "Brown", "Patel", "Wilson", "Okafor", "Taylor", "Murphy", "Singh")),
    "pl": (("Tomasz", "Anna", "Piotr", "Katarzyna", "Marek", "Agnieszka", "Krzysztof", "Magdalena", "Paweł", "Ewa"),
           ("Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Mazur")),
    "ro": (("Andrei", "Elena", "Mihai", "Ioana", "Cristian", "Maria", "Florin", "Gabriela", "Vasile"),
           ("Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Munteanu")),
    "bg": (("Georgi", "Ivana", "Dimitar", "Petya", "Nikolay", "Desislava", "Stoyan", "Milena"),
           ("Ivanov", "Petrova", "Georgiev", "Dimitrova", "Nikolov", "Todorova", "Stoyanov")),
    "uk": (("Dmytro", "Olena", "Oleksandr", "Iryna", "Andriy", "Yulia", "Serhiy", "Oksana", "Maria"),
           ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko", "Boyko")),
    "tr": (("Mehmet", "Ayşe", "Mustafa", "Fatma", "Emre", "Zeynep"), ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik")),
    "ar": (("Mohammed", "Fatima", "Ahmad", "Amira", "Omar", "Rania", "Khaled"),
           ("Al-Hassan", "Haddad", "Khalil", "Nasser", "Ibrahim", "Mansour")),
    "es": (("Carlos", "Lucía", "Javier", "Carmen", "Diego"), ("García", "Martínez", "López", "Sánchez", "Romero")),
    "pt": (("João", "Ana", "Pedro", "Beatriz", "Tiago"), ("Silva", "Santos", "Ferreira", "Pereira", "Costa")),
    "hu": (("László", "Katalin", "Zoltán", "Erzsébet", "Gábor"), ("Nagy", "Kovács", "Tóth", "Szabó", "Horváth")),
    "lt": (("Tomas", "Rūta", "Mantas", "Agnė", "Darius"), ("Kazlauskas", "Jankauskienė", "Petrauskas", "Žukauskas")),
    "ti": (("Yonas", "Senait", "Tesfay", "Helen", "Merhawi"), ("Tesfamariam", "Ghebremedhin", "Haile", "Kidane")),
    "so": (("Abdi", "Hodan", "Mohamed", "Faadumo", "Ayaan"), ("Warsame", "Abdullahi", "Hassan", "Farah")),
    "fa": (("Reza", "Maryam", "Ali", "Shirin", "Hamid"), ("Ahmadi", "Hosseini", "Karimi", "Rahimi")),
}
