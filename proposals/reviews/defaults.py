"""The default rubric every new round starts with: weighted criteria scored 1–5 on
anchored descriptors. Stored data, so the Korean and English texts are kept side by side
like other reference data, not in the catalogues."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultCriterion:
    key: str
    name_ko: str
    name_en: str
    weight: str
    descriptors_ko: tuple[str, str, str, str, str]
    descriptors_en: tuple[str, str, str, str, str]


DEFAULT_CRITERIA = (
    DefaultCriterion(
        "feasibility",
        "실현 가능성",
        "Feasibility",
        "1.5",
        (
            "현재 제도·예산·기술로 실현할 수 없음",
            "큰 장애물이 있어 실현이 불확실함",
            "조건을 갖추면 실현할 수 있음",
            "작은 조정만으로 실현할 수 있음",
            "곧바로 실현할 수 있음",
        ),
        (
            "Cannot be done with current rules, budget or technology",
            "Major obstacles make it doubtful",
            "Can be done if some conditions are met",
            "Can be done with minor adjustments",
            "Can be done right away",
        ),
    ),
    DefaultCriterion(
        "public_benefit",
        "공익성",
        "Public benefit",
        "1.5",
        (
            "시민에게 돌아가는 이익이 거의 없음",
            "소수에게 작은 이익",
            "일부 지역이나 집단에 분명한 이익",
            "많은 시민에게 분명한 이익",
            "도시 전체에 크고 지속적인 이익",
        ),
        (
            "Hardly any benefit to citizens",
            "A small benefit to few people",
            "A clear benefit to some areas or groups",
            "A clear benefit to many citizens",
            "A large, lasting benefit to the whole city",
        ),
    ),
    DefaultCriterion(
        "cost_effectiveness",
        "비용 대비 효과",
        "Cost-effectiveness",
        "1",
        (
            "비용이 효과보다 훨씬 큼",
            "비용이 효과보다 큼",
            "비용과 효과가 비슷함",
            "효과가 비용보다 큼",
            "적은 비용으로 큰 효과",
        ),
        (
            "Costs far exceed the benefits",
            "Costs exceed the benefits",
            "Costs and benefits are balanced",
            "Benefits exceed the costs",
            "Large benefits at a small cost",
        ),
    ),
    DefaultCriterion(
        "urgency",
        "시급성",
        "Urgency",
        "1",
        (
            "서두를 이유가 없음",
            "몇 년 안에 다루면 됨",
            "내년 안에 다루는 것이 좋음",
            "올해 안에 다뤄야 함",
            "안전이나 생계가 걸려 있어 즉시 필요함",
        ),
        (
            "No reason to hurry",
            "Can wait a few years",
            "Best addressed within the next year",
            "Should be addressed this year",
            "Needed now: safety or livelihoods are at stake",
        ),
    ),
    DefaultCriterion(
        "innovation",
        "창의성",
        "Innovation",
        "0.5",
        (
            "이미 시행 중인 것과 같음",
            "기존 사업을 조금 바꾼 것",
            "다른 도시의 좋은 사례를 서울에 맞게 적용",
            "새로운 접근이 돋보임",
            "다른 도시가 배울 만한 새로운 방법",
        ),
        (
            "The same as what is already done",
            "A small change to an existing programme",
            "A good practice from elsewhere adapted to Seoul",
            "A notably new approach",
            "A new method other cities could learn from",
        ),
    ),
    DefaultCriterion(
        "equity",
        "형평성",
        "Equity",
        "1",
        (
            "격차를 키울 수 있음",
            "취약 계층에 대한 고려가 없음",
            "모두에게 비슷하게 영향을 줌",
            "취약 계층이나 소외 지역에 도움이 됨",
            "취약 계층이나 소외 지역의 격차를 뚜렷이 줄임",
        ),
        (
            "Could widen gaps",
            "Gives no thought to vulnerable people",
            "Affects everyone alike",
            "Helps vulnerable people or underserved areas",
            "Clearly narrows gaps for vulnerable people or underserved areas",
        ),
    ),
)
