"""Demo data for transfer/ (SPEC §6): innovations at every stage of the
pipeline and on every route, partner companies, agreements and deployments in
the hospitals, all written through transfer.services by the ``transfer``
officer so that each innovation's page shows a real history.

Who sees what, besides direction, operations and the transfer office (all):

- ``partner``: RythmoScan only (not confidential, CARDIO-ML, licensed to its
  company); the NDA its company signed on a confidential method opens nothing;
- ``clinician2``: NeuroSeg-AVC (STROKESEG) and the abandoned lung fibrosis
  dataset (LUNGSCAN), neither confidential; never a confidential innovation;
- project leads: the confidential innovations of their projects, e.g. the
  HEARTWATCH digital twin for ``teamlead`` and ``clinician``, not for
  ``researcher``, a plain member.

Idempotent: innovations are looked up by title, companies by name, agreements
by reference, deployments by innovation and system; what exists is left as it
is (a second run changes nothing)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from people.models import Company, Department, Hospital, User
from projects.models import Project
from transfer import services
from transfer.models import Agreement, Deployment, Innovation, Kind, Route, Stage

PARTNER_COMPANY = "MedTech Analytics SAS"  # the ``partner`` account's company (people.demo)
COMPANIES = ["ValvePlan SAS", "SimuLiver SAS", "Respira Medical"]

RYTHMOSCAN = "RythmoScan — détection d'arythmies sur ECG ambulatoire"
CALIBRATION = "Méthode de calibration des ECG monocanaux"
TWIN = "Jumeau numérique cardiaque pour prédire la décompensation"
VALVEPLAN = "ValvePlan — planification patient-spécifique des TAVI"
SEPSIS = "SepsiAlerte — score d'alerte précoce du choc septique"
STROKES = "NeuroSeg-AVC — segmentation des lésions d'AVC en IRM de diffusion"
FEDERATED = "Modèle fédéré d'IRM cérébrale multi-sites"
FIBROSIS = "Base annotée de scanners de fibrose pulmonaire"
VENTILATOR = "Détecteur d'asynchronies patient-ventilateur"
HYPOTENSION = "Prédiction de l'hypotension peropératoire"
HEPATOSIM = "HepatoSim — simulateur de chirurgie hépatobiliaire"
PSEUDONYMS = "Pseudonymisation des comptes rendus cliniques"


@dataclass(frozen=True)
class Move:
    to: str
    reason: str = ""


@dataclass(frozen=True)
class DemoInnovation:
    title: str
    description: str
    kind: str
    route: str
    readiness_level: int
    project: str | None  # acronym
    confidential: bool
    owners: tuple[str, ...]
    moves: tuple[Move, ...] = ()
    transferred: str | None = None  # "two years ago", "last year", "this year": see _transfer_dates


E, P, T = Stage.EVALUATING, Stage.PROTECTING, Stage.TRANSFERRING
FORWARD = (Move(E, "Avis favorable du comité de transfert."), Move(P, "Dépôt de l'invention auprès d'Inria."))

DEMO_INNOVATIONS = [
    DemoInnovation(
        RYTHMOSCAN,
        "Logiciel de détection de la fibrillation atriale sur ECG monocanal issu de dispositifs portés, "
        "validé sur la cohorte de l'HEGP et concédé sous licence à un industriel du Holter.",
        Kind.SOFTWARE,
        Route.LICENCE,
        8,
        "CARDIO-ML",
        False,
        ("researcher", "clinician"),
        (*FORWARD, Move(T, "Négociation de licence ouverte."), Move(Stage.TRANSFERRED, "Licence signée.")),
        "last year",
    ),
    DemoInnovation(
        CALIBRATION,
        "Recalage des dérivations d'une montre connectée sur l'ECG 12 dérivations de référence.",
        Kind.METHOD,
        Route.LICENCE,
        3,
        "CARDIO-ML",
        True,
        ("researcher",),
        (Move(E, "Intérêt exprimé par un industriel sous accord de confidentialité."),),
    ),
    DemoInnovation(
        TWIN,
        "Modèle biophysique patient-spécifique alimenté par la télésurveillance, breveté avant publication.",
        Kind.PATENT,
        Route.STARTUP,
        4,
        "HEARTWATCH",
        True,
        ("teamlead", "clinician"),
        FORWARD,
    ),
    DemoInnovation(
        VALVEPLAN,
        "Simulation fluide-structure pour choisir la taille et la position de la valve aortique percutanée; "
        "essaimée dans une start-up issue de l'équipe-projet.",
        Kind.SOFTWARE,
        Route.STARTUP,
        7,
        "VALVESIM",
        False,
        ("teamlead",),
        (
            *FORWARD,
            Move(T, "Lauréat du concours i-Lab; création de la société en cours."),
            Move(Stage.TRANSFERRED, "Licence exclusive à la start-up."),
        ),
        "this year",
    ),
    DemoInnovation(
        SEPSIS,
        "Score calculé chaque heure à partir des signaux du moniteur et de la biologie, affiché dans le "
        "dossier patient informatisé de la réanimation.",
        Kind.METHOD,
        Route.HOSPITAL,
        9,
        "ICU-PULSE",
        False,
        ("researcher", "clinician"),
        (
            Move(E, "Étude rétrospective concluante."),
            Move(T, "Pas de brevet: déploiement interne dans le DPI."),  # protecting skipped
            Move(Stage.TRANSFERRED, "En production en réanimation médicale."),
        ),
        "two years ago",
    ),
    DemoInnovation(
        STROKES,
        "Segmentation automatique du cœur ischémique pour la décision de thrombectomie, intégrée au PACS.",
        Kind.SOFTWARE,
        Route.HOSPITAL,
        6,
        "STROKESEG",
        False,
        ("teamlead2", "depthead2", "clinician2"),
        (Move(E, "Accord inter-lecteurs satisfaisant."), Move(T, "Pilote en neuroradiologie.")),
    ),
    DemoInnovation(
        FEDERATED,
        "Procédé d'apprentissage fédéré sans transfert d'images entre hôpitaux.",
        Kind.PATENT,
        Route.LICENCE,
        5,
        "NEUROFED",
        True,
        ("teamlead2",),
        (
            *FORWARD,
            Move(T, "Licence proposée à un éditeur d'imagerie."),
            Move(P, "Objections de l'examinateur: revendications à reprendre avant toute licence."),
        ),
    ),
    DemoInnovation(
        FIBROSIS,
        "Scanners thoraciques annotés pour la quantification de la fibrose interstitielle.",
        Kind.DATASET,
        Route.LICENCE,
        4,
        "LUNGSCAN",
        False,
        ("researcher", "clinician2"),
        (
            Move(E, "Intérêt d'un industriel de la santé respiratoire."),
            Move(Stage.ABANDONED, "Projet arrêté; consentements insuffisants pour un usage commercial."),
        ),
    ),
    DemoInnovation(
        VENTILATOR,
        "Module embarqué analysant les courbes de pression et de débit du ventilateur.",
        Kind.DEVICE,
        Route.LICENCE,
        3,
        "VENTILO",
        True,
        ("director",),
        (Move(E, "Accord de confidentialité signé avec un fabricant de ventilateurs."),),
    ),
    DemoInnovation(
        HYPOTENSION,
        "Modèle d'apprentissage sur les dossiers d'anesthésie, à intégrer au logiciel du bloc.",
        Kind.SOFTWARE,
        Route.HOSPITAL,
        2,
        "ANESTHIA",
        True,
        ("teamlead",),
    ),
    DemoInnovation(
        HEPATOSIM,
        "Simulation interactive de résection hépatique pour la formation des internes, essaimée en start-up.",
        Kind.SOFTWARE,
        Route.STARTUP,
        8,
        None,
        True,
        (),
        (*FORWARD, Move(T, "Incubation à Agoranov."), Move(Stage.TRANSFERRED, "Start-up créée, licence signée.")),
        "two years ago",
    ),
    DemoInnovation(
        PSEUDONYMS,
        "Chaîne de pseudonymisation de textes médicaux en français pour l'entrepôt de données de santé.",
        Kind.SOFTWARE,
        Route.HOSPITAL,
        3,
        None,
        True,
        (),
    ),
]


@dataclass(frozen=True)
class DemoAgreement:
    reference: str
    kind: str
    company: str
    innovation: str  # title
    signed: date
    expires: date | None


@dataclass(frozen=True)
class DemoDeployment:
    innovation: str  # title
    hospital: str  # short name
    department: str | None
    system_name: str
    status: str
    go_live: date | None


def seed() -> None:
    """Reference data: the partner companies besides the ``partner`` account's."""
    officer = _officer()
    for name in COMPANIES:
        if not Company.objects.filter(name=name).exists():
            services.partner_create(by=officer, name=name)


def seed_content() -> None:
    today = timezone.localdate()
    officer = _officer()
    transfers = _transfer_dates(today)
    for spec in DEMO_INNOVATIONS:
        if not Innovation.objects.filter(title=spec.title).exists():
            _innovation(spec, officer, transfers)
    innovations = {i.title: i for i in Innovation.objects.filter(title__in=[s.title for s in DEMO_INNOVATIONS])}
    companies = {company.name: company for company in Company.objects.filter(name__in=[PARTNER_COMPANY, *COMPANIES])}
    for agreement in _agreements(today, transfers):
        if not Agreement.objects.filter(reference=agreement.reference).exists():
            services.agreement_create(
                by=officer,
                kind=agreement.kind,
                partner=companies[agreement.company],
                innovation=innovations[agreement.innovation],
                signed_on=agreement.signed,
                expires_on=agreement.expires,
                reference=agreement.reference,
            )
    for deployment in _deployments(today, transfers):
        innovation = innovations[deployment.innovation]
        if not Deployment.objects.filter(innovation=innovation, system_name=deployment.system_name).exists():
            _deployment(deployment, innovation, officer)


def _officer() -> User:
    return User.objects.get(username="transfer")


def _transfer_dates(today: date) -> dict[str, date]:
    """One transfer per year over three years, for the key figures; this
    year's never in the future."""
    return {
        "two years ago": date(today.year - 2, 10, 7),
        "last year": date(today.year - 1, 3, 14),
        "this year": max(date(today.year, 1, 1), today - timedelta(days=30)),
    }


def _innovation(spec: DemoInnovation, officer: User, transfers: dict[str, date]) -> Innovation:
    innovation = services.innovation_create(
        by=officer,
        title=spec.title,
        description=spec.description,
        kind=spec.kind,
        route=spec.route,
        readiness_level=spec.readiness_level,
        project=Project.objects.get(acronym=spec.project) if spec.project else None,
        confidential=spec.confidential,
        owners=list(User.objects.filter(username__in=spec.owners)),
    )
    for move in spec.moves:
        innovation = services.innovation_move(
            innovation=innovation,
            by=officer,
            to=move.to,
            reason=move.reason,
            expected=innovation.stage,
            today=transfers[spec.transferred] if spec.transferred else None,
        )
    return innovation


def _agreements(today: date, transfers: dict[str, date]) -> list[DemoAgreement]:
    """Of each kind; one expiring within 90 days, the others later or expired.
    References are fixed: a run on another day finds the same agreements."""
    licensed, spun_off, hepatosim = (transfers[when] for when in ("last year", "this year", "two years ago"))
    years = timedelta(days=365)
    nda, collaboration, licence = Agreement.Kind.NDA, Agreement.Kind.COLLABORATION, Agreement.Kind.LICENCE
    return [
        DemoAgreement(
            "NDA-0142", nda, PARTNER_COMPANY, RYTHMOSCAN, licensed - timedelta(days=400), licensed - timedelta(days=35)
        ),
        DemoAgreement("LIC-0051", licence, PARTNER_COMPANY, RYTHMOSCAN, licensed, licensed + 7 * years),
        # Signed with the partner's company, but the method is confidential: the partner does not see it.
        DemoAgreement(
            "NDA-0187", nda, PARTNER_COMPANY, CALIBRATION, today - timedelta(days=120), today + timedelta(days=610)
        ),
        DemoAgreement("LIC-0063", licence, "ValvePlan SAS", VALVEPLAN, spun_off, spun_off + 10 * years),
        DemoAgreement("COL-0078", collaboration, "ValvePlan SAS", VALVEPLAN, spun_off, spun_off + 3 * years),
        DemoAgreement("LIC-0044", licence, "SimuLiver SAS", HEPATOSIM, hepatosim, hepatosim + 10 * years),
        # The one expiring soon: reminders and key figures show it.
        DemoAgreement(
            "NDA-0179", nda, "Respira Medical", VENTILATOR, today - timedelta(days=305), today + timedelta(days=60)
        ),
        DemoAgreement(
            "COL-0121",
            collaboration,
            "Respira Medical",
            FIBROSIS,
            today - timedelta(days=900),
            today - timedelta(days=170),
        ),
    ]


def _deployments(today: date, transfers: dict[str, date]) -> list[DemoDeployment]:
    live, planned, pilot = Deployment.Status.LIVE, Deployment.Status.PLANNED, Deployment.Status.PILOT
    return [
        DemoDeployment(
            SEPSIS, "PSL", "Réanimation médicale", "ORBIS — dossier patient", live, transfers["two years ago"]
        ),
        DemoDeployment(SEPSIS, "HEGP", None, "ORBIS — urgences", planned, today + timedelta(days=120)),
        DemoDeployment(STROKES, "PSL", "Neuroradiologie", "PACS neuroradiologie", pilot, today - timedelta(days=45)),
    ]


def _deployment(spec: DemoDeployment, innovation: Innovation, officer: User) -> Deployment:
    hospital = Hospital.objects.get(short_name=spec.hospital)
    department = Department.objects.get(hospital=hospital, name=spec.department) if spec.department else None
    return services.deployment_create(
        by=officer,
        innovation=innovation,
        hospital=hospital,
        department=department,
        system_name=spec.system_name,
        go_live_on=spec.go_live,
        status=spec.status,
    )
