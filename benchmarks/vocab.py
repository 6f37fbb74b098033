"""Embedded vocabulary for the synthetic corpora: real English words, people, places, units.

Nothing here is random: the generator ranks and samples these lists with a seeded
``random.Random``. Changing a list changes every corpus, so bump ``generate.VERSION`` when you do.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


# The most frequent English words in news text, roughly in frequency order (rank 1 first).
FUNCTION_WORDS = _words("""
the of to and a in that is for on was said with he it as at by from his have has
be are an not had its but were this which they who their been would will after
more also or she her one than about we up there when all into out could over if
new last two them other some first what can year no so our most only while people
years where because then him before any such between those these may did do even
under how just against both since during many three much through being now very
still according another made well back four time again should like being off down
here whether several told week however including five without among around later
own per where each next until within told across every any five least less including
""")

# Nouns: pluralised by a simple rule (see ``generate._plural``).
NOUNS = _words("""
government minister president country city official police army war attack force
report party election vote campaign leader member group company market price economy
bank rate inflation budget deficit tax trade deal agreement talk meeting summit
council parliament court judge law case trial lawyer prosecutor investigation
evidence witness crime prison sentence charge arrest suspect victim family child
woman man student teacher school university hospital doctor patient nurse health
disease virus vaccine treatment drug study researcher scientist data result
climate weather storm flood fire drought temperature emission energy oil gas
power plant coal wind solar battery car vehicle road bridge train railway airport
flight plane ship port border refugee migrant camp village town region province
state nation capital district area neighbourhood street building house home
apartment land farm farmer crop food water river lake sea coast island mountain
forest park soldier troop officer commander general weapon missile drone tank
rocket bomb shell strike ceasefire truce peace negotiation envoy diplomat embassy
sanction ally enemy rebel militant fighter insurgent militia protest protester
demonstration rally crowd march strike union worker job wage salary pension
retirement business industry firm factory manufacturer supplier customer consumer
product service sale revenue profit loss share stock investor fund bond debt loan
mortgage credit currency dollar euro pound yen export import tariff supply demand
growth recession crisis recovery forecast analyst economist expert adviser
spokesman spokeswoman spokesperson statement interview comment question answer
decision plan policy proposal bill reform measure rule regulation regulator
agency department ministry office committee commission board panel chairman
director executive manager founder owner chief head secretary governor mayor
senator lawmaker politician candidate voter poll survey majority minority
opposition coalition government administration cabinet regime authority
authorities citizen resident community population village neighbour friend
colleague partner rival opponent critic supporter fan player team coach club
match game season tournament championship title goal point score win victory
defeat record medal race athlete competition film movie actor actress director
music song singer album concert festival artist book author writer novel story
newspaper magazine journalist reporter editor television channel network radio
website platform app user account message post video image photo picture
technology computer software internet phone smartphone chip device system network
security threat hacker cyberattack privacy surveillance intelligence spy
document letter email memo file record source detail fact figure number percent
amount level rise fall increase decrease drop jump surge decline change shift
trend pattern problem issue concern risk danger warning alarm emergency disaster
accident incident event crash collision explosion blast fire damage destruction
death injury casualty survivor rescue aid relief donation charity volunteer
shelter tent blanket medicine equipment supply shortage delay deadline date day
morning afternoon evening night weekend month moment period era century decade
history past future tradition culture religion church mosque temple priest bishop
faith belief value right freedom democracy election constitution amendment treaty
border territory sovereignty independence occupation invasion offensive
counteroffensive frontline front position line trench defence defense attackers
operation mission task goal aim target objective strategy tactic approach step
effort attempt success failure mistake error lesson example model version
building construction project program programme scheme initiative fund grant
investment infrastructure network grid pipeline reactor station terminal
warehouse shop store restaurant hotel tourist visitor guest crowd audience
""")

# Regular verbs: -s, -ed and -ing forms are derived.
VERBS = _words("""
accuse add agree allow announce appear arrive ask attack attempt avoid back ban
believe block call cancel capture claim close collect complain concern confirm
connect consider contain continue control cover crash create criticise criticize
damage decide declare defend delay deliver demand deny deploy describe destroy
discover discuss dismiss display doubt earn end enter estimate expect explain
express face fail fear finish follow form gather happen help hope ignore
improve include increase insist intend interview introduce invest invite join
jump kill launch learn list live look manage mark mention miss move need note
observe offer open order own pass plan play point prepare present press prevent
promise protect protest prove provide publish pull push raise reach receive
record reduce refer reflect refuse regard reject release remain remember remove
repeat replace report request require rescue respond restore return reveal
review rule sign start stay struggle suffer suggest support surround suspend
talk target test thank threaten train transfer travel treat try turn urge use
visit vote wait walk want warn watch welcome wish work worry
""")

# Irregular verb forms and other words taken as they are.
WORDS = _words("""
say says saying said tell tells told telling go goes went gone going come came
coming get got getting give gave given make made making take took taken taking
see saw seen seeing know knew known think thought find found keep kept leave left
hold held bring brought begin began begun run ran show shown hear heard meet met
lead led stand stood lose lost pay paid send sent build built spend spent fall fell
fallen win won rise rose risen seek sought fight fought buy bought sell sold choose
chose chosen speak spoke spoken write wrote written break broke broken drive drove
driven fly flew flown grow grew grown hit cut set put let shut spread cost hurt
good bad big small large great high low long short old young early late recent
important major main key central local national international foreign domestic
public private political economic social military civil civilian financial
federal regional global western eastern northern southern european american
russian ukrainian chinese british french german israeli palestinian iranian
indian japanese african arab turkish syrian iraqi afghan polish italian spanish
strong weak hard easy difficult possible likely unlikely clear full free open
close closed available able unable ready certain sure real true false fair
serious severe heavy light dark bright huge massive tiny significant limited
special general official former current previous future next final initial
further additional separate similar different whole entire total partial
human natural environmental legal illegal criminal medical scientific technical
digital nuclear armed peaceful violent deadly fatal dangerous safe secure
senior junior chief top leading independent united joint common popular famous
rich poor wealthy cheap expensive modern ancient traditional historic
quickly slowly recently already yet soon often usually always never sometimes
almost nearly about around roughly approximately probably perhaps maybe indeed
however although though despite unless whereas moreover meanwhile nevertheless
instead otherwise therefore thus also too either neither rather quite fairly
today yesterday tomorrow tonight now then ago later earlier afterwards once twice
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november
december spring summer autumn winter
north south east west northeast northwest southeast southwest
hundred thousand million billion trillion dozen half quarter third
first second third fourth fifth sixth seventh eighth ninth tenth
""")

# Less frequent words: the long tail of the Zipf curve.
RARE_WORDS = _words("""
abdicate aberration abeyance abhorrent abject abrogate abscond abstain acerbic
acquiesce acrimony adamant adjudicate admonish adroit adulation affable affluent
aggrandize alacrity allay allege alleviate aloof altercation amalgamate ambivalent
ameliorate amenable amnesty anachronism anathema annex anomaly antagonism
antithesis apathy apocryphal appease apprehend arbitrary arcane archaic ardent
arduous armistice arraign ascertain assuage astute atrocity attrition audacious
austerity autocrat avarice balk banal bastion beleaguered belligerent benevolent
bequeath besiege bilateral blatant blockade bombastic bourgeois brazen brinkmanship
bulwark bureaucracy cajole calamity candor capitulate carnage castigate catalyst
caucus censure charlatan chicanery circumvent clandestine clemency coalesce coerce
cognizant collusion complacent complicity concede conciliatory condone conflagration
conjecture consensus consternation contentious contravene convoluted corroborate
counterfeit covert credulous culpable curtail cynical dearth debacle decimate
decry defector deference deleterious demagogue denounce deplore deride derogatory
despot deter detente dichotomy diffident dilapidated diligent disarray discord
disenfranchise disparage disparity dissent dissident divulge dogmatic duplicity
duress ebullient edict efface egregious elicit elucidate embargo embattled embezzle
emissary encroach endemic enigma entrench ephemeral epitome equivocal eradicate
erode erratic escalate espionage estrange euphemism evacuate exacerbate exculpate
exodus exonerate expedite expropriate extradite extraneous fabricate facetious
fallacy fervent fiasco filibuster fiscal flagrant flout foment forfeit fortuitous
fractious frugal furtive gaffe galvanize garrison gerrymander glut grandiose
gratuitous gregarious grievance gridlock hapless harangue hegemony heinous hiatus
hinder hostage hubris hyperbole hypocrisy idiosyncratic illicit imminent impasse
impeach impeccable imperative impetus implacable implicate impunity inadvertent
incendiary incessant incumbent indict indigenous indolent ineffable inexorable
infamous influx infringe innocuous insurgency intransigent inundate invective
irrevocable jeopardize jingoism judicious junta juxtapose kleptocracy labyrinth
lacklustre laconic lament largesse lethargic levy libel litigation lucrative
machination magnanimous malfeasance malign mandate maverick mediate mendacious
mercenary meticulous militate mitigate moratorium mutiny myriad nadir nefarious
negligent nepotism nonchalant notorious nuance obdurate obfuscate oblivious
obsolete obstinate ominous onerous opaque opportunist ostracize oust overt
pacify palpable pandemic paradigm paragon pariah partisan paucity pejorative
perfunctory pernicious perpetrate pervasive petulant philanthropy placate
plausible plethora plummet plunder polarize populist portent pragmatic precarious
precedent preclude predicament preempt prerogative pretext prevaricate pristine
proclivity procure prodigious proliferate propaganda propensity proscribe
protracted provocative proxy prudent pundit purge quagmire quandary quell
querulous quorum rampant rancor ratify rebuke recalcitrant recant reciprocal
reconcile recrimination rectify redress referendum refute reiterate relinquish
remand remuneration renege reparation reprieve reprisal repudiate rescind resilient
resurgence reticent retribution rhetoric rift rubric ruse sabotage sanctimonious
scapegoat scrutiny secede sedition sequester skirmish slander sovereign sporadic
spurious squander stalemate stifle stipulate stoic subjugate subpoena subsidy
subterfuge subvert succinct superfluous surreptitious surrogate sycophant tacit
tangible tantamount tenacious tenuous tirade torpor tout transgression transient
trepidation truculent turmoil tyranny ubiquitous ultimatum unilateral unprecedented
untenable upheaval usurp vacillate vehement venal veracity vestige veto vex
vilify vindicate virulent vitriol volatile vulnerable wane warlord wary windfall
xenophobia zealot zenith
""")

FIRST_NAMES = _words("""
James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David
Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy
Matthew Lisa Anthony Margaret Mark Betty Donald Sandra Steven Ashley Paul Dorothy
Andrew Kimberly Joshua Emily Kenneth Donna Kevin Michelle Brian Carol George
Amanda Timothy Melissa Ronald Deborah Jason Stephanie Edward Rebecca Jeffrey Laura
Ryan Helen Jacob Sharon Gary Cynthia Nicholas Kathleen Eric Amy Jonathan Angela
Olga Natalia Irina Dmitry Sergei Andriy Oleksandr Yulia Tetiana Mykola Ahmed
Fatima Ali Hassan Layla Omar Yusuf Aisha Wei Li Ming Hui Yuki Hiroshi Kenji
Priya Rahul Anil Sunita Carlos Maria Jose Luis Ana Juan Lucia Pierre Marie
Jean Sophie Hans Anna Klaus Petra Giovanni Giulia Marco Elena Lars Ingrid
""")

SURNAMES = _words("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee
Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young
Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall
Rivera Campbell Mitchell Carter Roberts Kowalski Nowak Petrov Ivanov Kovalenko
Shevchenko Bondarenko Tkachenko Melnyk Kravchenko Novak Horvath Schmidt Schneider
Fischer Weber Meyer Wagner Becker Hoffmann Dubois Moreau Laurent Lefebvre Rossi
Russo Ferrari Esposito Bianchi Romano Jensen Nielsen Hansen Larsen Andersson
Johansson Karlsson Tanaka Suzuki Watanabe Yamamoto Chen Wang Zhang Liu Yang Huang
Zhao Kumar Singh Sharma Patel Gupta Khan Rahman Hussein Haddad Nasser Mansour
Okafor Mensah Diallo Mbeki Kenyatta Silva Santos Oliveira Costa Pereira
""")

# Well-known people, with the spelling variants found in real news copy. A generated article
# uses one spelling per person most of the time and sometimes mixes them.
NAME_VARIANTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Volodymyr", ("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenski"), "President"),
    ("Vladimir", ("Putin",), "President"),
    ("Muammar", ("Gaddafi", "Qaddafi", "Kadhafi", "Gadhafi"), "Colonel"),
    ("Bashar", ("al-Assad", "Assad"), "President"),
    ("Recep Tayyip", ("Erdogan", "Erdoğan"), "President"),
    ("Alexei", ("Navalny", "Navalnyy", "Navalni"), "opposition leader"),
    ("Ali", ("Khamenei", "Khamenei", "Khamene'i"), "Ayatollah"),
    ("Benjamin", ("Netanyahu",), "Prime Minister"),
    ("Mohammed", ("bin Salman",), "Crown Prince"),
    ("Xi", ("Jinping",), "President"),
    ("Emmanuel", ("Macron",), "President"),
    ("Olaf", ("Scholz",), "Chancellor"),
    ("Keir", ("Starmer",), "Prime Minister"),
    ("Narendra", ("Modi",), "Prime Minister"),
    ("Dmytro", ("Kuleba",), "Foreign Minister"),
    ("Sergei", ("Lavrov", "Lavrow"), "Foreign Minister"),
    ("Yevgeny", ("Prigozhin", "Prigozhyn", "Prigojine"), "mercenary chief"),
    ("Mahmoud", ("Abbas",), "President"),
    ("Luiz Inácio", ("Lula da Silva", "Lula"), "President"),
    ("Ursula", ("von der Leyen",), "Commission President"),
    ("Antony", ("Blinken",), "Secretary of State"),
    ("Kim", ("Jong Un", "Jong-un"), "leader"),
    ("Pyotr", ("Tchaikovsky", "Tschaikowsky", "Chaikovsky"), "composer"),
    ("Mikhail", ("Gorbachev", "Gorbachov", "Gorbatschow"), "former leader"),
)

PLACES = _words("""
Kyiv Kiev Kharkiv Kharkov Odesa Odessa Lviv Mariupol Bakhmut Donetsk Luhansk
Zaporizhzhia Kherson Crimea Moscow Kursk Belgorod Minsk Warsaw Berlin Paris
London Brussels Vienna Geneva Rome Madrid Lisbon Amsterdam Stockholm Oslo
Helsinki Copenhagen Prague Budapest Bucharest Sofia Athens Ankara Istanbul
Tehran Baghdad Damascus Beirut Jerusalem Gaza Ramallah Cairo Riyadh Doha Dubai
Tripoli Benghazi Khartoum Nairobi Lagos Abuja Johannesburg Addis_Ababa Kabul
Islamabad Delhi Mumbai Beijing Shanghai Hong_Kong Taipei Tokyo Seoul Pyongyang
Manila Jakarta Bangkok Hanoi Sydney Canberra Washington Brasília Caracas
Bogotá Lima Santiago Havana Ottawa Toronto Florida Miami Texas California
Ukraine Russia Belarus Poland Germany France Britain Italy Spain Turkey Iran
Iraq Syria Lebanon Israel Egypt Saudi_Arabia Qatar Libya Sudan Kenya Nigeria
Ethiopia Afghanistan Pakistan India China Taiwan Japan Korea Indonesia Brazil
Venezuela Colombia Mexico Canada Europe Asia Africa
""")

ORGANISATIONS = (
    "United Nations",
    "European Union",
    "NATO",
    "World Bank",
    "International Monetary Fund",
    "IMF",
    "World Health Organization",
    "WHO",
    "Red Cross",
    "Kremlin",
    "White House",
    "Pentagon",
    "State Department",
    "Security Council",
    "Federal Reserve",
    "European Central Bank",
    "Bank of England",
    "Supreme Court",
    "Defence Ministry",
    "Foreign Ministry",
    "Interior Ministry",
    "Amnesty International",
    "Human Rights Watch",
    "OPEC",
    "G7",
    "G20",
    "Reuters",
    "Associated Press",
    "BBC",
)

UNITS = (
    "km",
    "kilometres",
    "miles",
    "kg",
    "tonnes",
    "per cent",
    "%",
    "people",
    "civilians",
    "soldiers",
    "homes",
    "barrels a day",
    "megawatts",
    "MW",
    "litres",
    "hectares",
    "degrees Celsius",
    "°C",
    "votes",
    "seats",
)

CURRENCIES = ("$", "€", "£", "¥")
SCALES = ("", "", "", " million", " billion", " thousand")
SPEECH_VERBS = ("said", "told reporters", "added", "wrote", "warned", "insisted", "noted")
OUTLETS = ("Reuters", "AP", "AFP", "BBC", "CNN", "The Guardian", "Al Jazeera", "Kyiv Independent")
