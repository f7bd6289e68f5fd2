"""Demo categories, proposals, photos and comments (seed_demo). Idempotent: an idea whose
title exists already is left alone. Stage changes go through the services, so timelines,
audit entries and notifications look as they would in use."""

import datetime as dt
import io
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from oasis.core.models import District
from proposals import services
from proposals.models import Category, Proposal, Stage

DEMO_CATEGORIES = [
    ("transport", "교통", "Transport", "bus", "#1d5fa8"),
    ("environment", "환경", "Environment", "leaf", "#2e7d32"),
    ("welfare", "복지", "Welfare", "heart", "#b03a48"),
    ("safety", "안전", "Safety", "shield", "#8a5a00"),
    ("culture", "문화·관광", "Culture and tourism", "music", "#6a3fa0"),
    ("economy", "경제·일자리", "Economy and jobs", "briefcase", "#00695c"),
    ("housing", "주택·도시계획", "Housing and urban planning", "home", "#5d4037"),
    ("education", "교육", "Education", "book", "#283593"),
]

DEMO_AUTHORS = [
    ("resident01@oasis.local", "한지민"),
    ("resident02@oasis.local", "오세훈"),
    ("resident03@oasis.local", "Min-jun Lee"),
    ("resident04@oasis.local", "정다은"),
    ("resident05@oasis.local", "최윤서"),
    ("resident06@oasis.local", "Sarah Kim"),
    ("resident07@oasis.local", "강도현"),
    ("resident08@oasis.local", "윤하늘"),
]

S = Stage
# (language, title, summary, problem, solution, category, district, stage, place)
DEMO_PROPOSALS = [
    (
        "ko",
        "자전거 도로 확충",
        "한강까지 끊기지 않는 자전거 도로를 만들어 주세요.",
        "망원동에서 한강까지 가는 자전거 도로가 세 번이나 끊겨 차도로 내려가야 합니다.",
        "끊긴 구간에 분리형 자전거 도로를 놓고 교차로에 자전거 신호를 답니다.",
        "transport",
        "mapo",
        S.OPEN,
        "망원역",
    ),
    (
        "ko",
        "버스 정류장 온열 의자 설치",
        "겨울철 정류장에 온열 의자를 놓아 주세요.",
        "아침 기온이 영하 10도까지 내려가는데 노인들이 차가운 의자에서 버스를 기다립니다.",
        "이용객이 많은 정류장부터 온열 의자와 바람막이를 설치합니다.",
        "welfare",
        "nowon",
        S.IN_REVIEW,
        "상계역 버스 정류장",
    ),
    (
        "ko",
        "공원 산책로 야간 조명 개선",
        "어두운 산책로에 밝은 LED 조명을 달아 주세요.",
        "저녁 7시만 되어도 산책로가 어두워 넘어지는 사람이 많습니다.",
        "보행자 높이의 LED 볼라드 조명을 20미터 간격으로 설치합니다.",
        "safety",
        "gangseo",
        S.SELECTED,
        "우장산 공원",
    ),
    (
        "ko",
        "어린이 보호구역 과속 카메라 추가",
        "초등학교 앞 과속 단속 카메라를 늘려 주세요.",
        "등하교 시간에 차들이 시속 50킬로미터 넘게 달립니다.",
        "학교 정문 양쪽에 구간 단속 카메라를 설치합니다.",
        "safety",
        "yangcheon",
        S.PLANNING,
        "신정초등학교 앞",
    ),
    (
        "ko",
        "전통시장 공용 장바구니 대여",
        "시장 입구에서 장바구니를 빌려 주세요.",
        "비닐봉지 사용이 줄지 않고 있습니다.",
        "시장 입구 세 곳에 장바구니 대여함을 두고 교통카드로 빌리게 합니다.",
        "environment",
        "dongdaemun",
        S.EXECUTION,
        "경동시장",
    ),
    (
        "ko",
        "지하철역 엘리베이터 추가 설치",
        "휠체어 이용자를 위해 출구마다 엘리베이터가 필요합니다.",
        "엘리베이터가 한 출구에만 있어 휠체어로 길을 건너 돌아가야 합니다.",
        "2번과 5번 출구에 엘리베이터를 추가합니다.",
        "welfare",
        "jongno",
        S.OPERATION,
        "종로3가역",
    ),
    (
        "ko",
        "하천 산책로 쓰레기통 확대",
        "불광천 산책로에 분리수거 쓰레기통을 놓아 주세요.",
        "주말마다 산책로에 쓰레기가 쌓여 악취가 납니다.",
        "500미터마다 분리수거함을 두고 주말 수거를 늘립니다.",
        "environment",
        "eunpyeong",
        S.ASSESSMENT,
        "불광천",
    ),
    (
        "ko",
        "공공 도서관 야간 개방",
        "시험 기간에 구립 도서관을 밤 11시까지 열어 주세요.",
        "독서실 비용이 부담되는 학생이 많습니다.",
        "시험 기간 4주 동안 열람실을 밤 11시까지 운영합니다.",
        "education",
        "gwanak",
        S.COMPLETED,
        "관악구립 중앙도서관",
    ),
    (
        "ko",
        "골목길 CCTV 비상벨 설치",
        "원룸 밀집 골목에 비상벨이 달린 CCTV가 필요합니다.",
        "밤늦게 귀가하는 1인 가구가 골목에서 불안해합니다.",
        "골목 입구와 가운데에 비상벨 CCTV를 설치하고 관제센터와 연결합니다.",
        "safety",
        "gwanak",
        S.OPEN,
        "신림동 원룸촌",
    ),
    (
        "ko",
        "마을버스 배차 간격 단축",
        "출근 시간 마을버스 배차를 10분 이내로 줄여 주세요.",
        "출근 시간에 20분을 기다리고도 만원이라 못 타는 일이 잦습니다.",
        "출근 시간대에 차량 두 대를 추가 투입합니다.",
        "transport",
        "gangbuk",
        S.OPEN,
        "미아사거리",
    ),
    (
        "ko",
        "옥상 텃밭 지원 사업",
        "아파트 옥상에 주민 텃밭을 만들 수 있게 도와주세요.",
        "도심에서 흙을 만질 공간이 없습니다.",
        "방수 공사와 화분, 흙을 지원하고 운영 교육을 합니다.",
        "environment",
        "dobong",
        S.OPEN,
        "",
    ),
    (
        "ko",
        "청년 창업 공유 사무실",
        "구청 유휴 공간을 청년 창업 사무실로 바꿔 주세요.",
        "창업 초기 청년들이 비싼 임대료 때문에 카페를 전전합니다.",
        "구청 별관 2층을 공유 사무실로 꾸며 1년 단위로 빌려줍니다.",
        "economy",
        "seongdong",
        S.IN_REVIEW,
        "성수동",
    ),
    (
        "ko",
        "경로당 스마트폰 교실",
        "어르신을 위한 스마트폰 사용 교실을 열어 주세요.",
        "키오스크와 앱 예약이 늘면서 어르신들이 불편을 겪습니다.",
        "경로당에서 주 2회 대학생 강사가 스마트폰 사용법을 가르칩니다.",
        "education",
        "jungnang",
        S.OPEN,
        "면목동 경로당",
    ),
    (
        "ko",
        "횡단보도 그늘막 설치",
        "여름철 횡단보도에 그늘막을 설치해 주세요.",
        "신호를 기다리는 동안 햇볕을 피할 곳이 없습니다.",
        "대로변 횡단보도 30곳에 접이식 그늘막을 설치합니다.",
        "safety",
        "songpa",
        S.OPEN,
        "잠실역 사거리",
    ),
    (
        "ko",
        "공영 주차장 전기차 충전기 확대",
        "공영 주차장에 전기차 충전기를 늘려 주세요.",
        "충전기가 두 대뿐이라 밤새 기다려야 합니다.",
        "구 공영 주차장마다 완속 충전기 10대를 설치합니다.",
        "environment",
        "gangdong",
        S.REJECTED,
        "천호동 공영 주차장",
    ),
    (
        "ko",
        "반려견 놀이터 조성",
        "하천 둔치에 반려견 놀이터를 만들어 주세요.",
        "반려견과 산책할 때 목줄을 풀 수 있는 공간이 없습니다.",
        "울타리가 있는 소형견·대형견 구역을 나누어 조성합니다.",
        "culture",
        "seocho",
        S.DEFERRED,
        "양재천 둔치",
    ),
    (
        "ko",
        "초등학교 방과 후 돌봄 확대",
        "맞벌이 가정을 위해 돌봄 교실을 저녁 8시까지 운영해 주세요.",
        "돌봄 교실이 5시에 끝나 아이가 혼자 있는 시간이 깁니다.",
        "돌봄 교실 운영 시간을 늘리고 전담 인력을 채용합니다.",
        "education",
        "yeongdeungpo",
        S.OPEN,
        "",
    ),
    (
        "ko",
        "거리 공연 허가 간소화",
        "홍대 거리 공연 신청을 온라인으로 하게 해 주세요.",
        "공연 허가를 받으려면 구청을 세 번 방문해야 합니다.",
        "온라인 신청과 자동 승인 구역을 만듭니다.",
        "culture",
        "mapo",
        S.OPEN,
        "홍대 걷고싶은거리",
    ),
    (
        "ko",
        "노후 놀이터 안전 점검",
        "20년 넘은 놀이터 시설을 점검하고 교체해 주세요.",
        "녹슨 그네와 깨진 미끄럼틀에서 아이들이 다칩니다.",
        "노후 놀이터를 전수 점검하고 위험 시설을 교체합니다.",
        "safety",
        "guro",
        S.IN_REVIEW,
        "구로동 어린이 놀이터",
    ),
    (
        "ko",
        "지역 화폐 가맹점 확대",
        "동네 가게에서 지역 화폐를 더 쓸 수 있게 해 주세요.",
        "가맹점이 적어 지역 화폐를 쓰기 어렵습니다.",
        "가맹 수수료를 지원하고 가맹 절차를 간소화합니다.",
        "economy",
        "geumcheon",
        S.OPEN,
        "",
    ),
    (
        "ko",
        "빗물 저류 시설 설치",
        "장마철 침수를 막을 빗물 저류조를 만들어 주세요.",
        "매년 여름 반지하 주택이 침수됩니다.",
        "공원 지하에 빗물 저류조를 만들고 배수로를 정비합니다.",
        "housing",
        "dongjak",
        S.SELECTED,
        "사당동",
    ),
    (
        "ko",
        "공공 자전거 대여소 추가",
        "따릉이 대여소를 아파트 단지 앞에 늘려 주세요.",
        "가장 가까운 대여소까지 걸어서 15분이 걸립니다.",
        "대단지 아파트 입구마다 대여소를 설치합니다.",
        "transport",
        "songpa",
        S.OPEN,
        "헬리오시티",
    ),
    (
        "ko",
        "학교 앞 통학로 보도 확장",
        "통학로 보도를 넓혀 아이들이 차도로 걷지 않게 해 주세요.",
        "보도가 좁아 아이들이 차도로 밀려 걷습니다.",
        "불법 주차 구간을 없애고 보도를 1.5미터 넓힙니다.",
        "safety",
        "seodaemun",
        S.OPEN,
        "연희초등학교",
    ),
    (
        "ko",
        "1인 가구 공유 부엌",
        "1인 가구가 함께 요리할 수 있는 공유 부엌을 열어 주세요.",
        "원룸 부엌이 좁아 제대로 된 요리를 하기 어렵습니다.",
        "주민센터에 예약제 공유 부엌을 만듭니다.",
        "welfare",
        "gwangjin",
        S.OPEN,
        "화양동 주민센터",
    ),
    (
        "ko",
        "도심 숲길 연결",
        "남산과 서울역을 잇는 숲길을 만들어 주세요.",
        "도심에서 걸을 수 있는 녹지가 끊겨 있습니다.",
        "고가 아래와 공원을 이어 4킬로미터 숲길을 만듭니다.",
        "environment",
        "jung",
        S.OPEN,
        "남산",
    ),
    (
        "ko",
        "야간 약국 지도 서비스",
        "밤에 문 여는 약국을 쉽게 찾게 해 주세요.",
        "아이가 아픈 밤에 문 연 약국을 찾기 어렵습니다.",
        "구 누리집과 지도 앱에 야간 약국 정보를 실시간으로 올립니다.",
        "welfare",
        "yongsan",
        S.ARCHIVED,
        "",
    ),
    (
        "ko",
        "한옥 마을 관광 안내소",
        "북촌 한옥 마을에 다국어 안내소를 두어 주세요.",
        "관광객이 주민 집에 들어와 길을 묻는 일이 많습니다.",
        "마을 입구에 다국어 안내소와 안내 표지판을 설치합니다.",
        "culture",
        "jongno",
        S.OPEN,
        "북촌 한옥마을",
    ),
    (
        "ko",
        "소상공인 온라인 판매 교육",
        "동네 가게 사장님들께 온라인 판매를 가르쳐 주세요.",
        "온라인 판매를 몰라 매출이 줄고 있습니다.",
        "상인회와 함께 스마트스토어 교육을 엽니다.",
        "economy",
        "jungnang",
        S.OPEN,
        "",
    ),
    (
        "ko",
        "정류장 무료 와이파이",
        "버스 정류장과 공원에 무료 와이파이를 늘려 주세요.",
        "데이터 요금이 부담되는 학생과 어르신이 많습니다.",
        "유동 인구가 많은 정류장과 공원부터 와이파이를 설치합니다.",
        "economy",
        "gangnam",
        S.WITHDRAWN,
        "",
    ),
    (
        "ko",
        "임대 주택 층간 소음 상담",
        "층간 소음 갈등을 중재하는 상담 창구를 만들어 주세요.",
        "층간 소음으로 이웃 간 다툼이 잦습니다.",
        "구청에 층간 소음 전문 상담사를 두고 방문 측정을 지원합니다.",
        "housing",
        "nowon",
        S.OPEN,
        "",
    ),
    (
        "ko",
        "어린이 도서관 주말 프로그램",
        "주말에 아이와 함께할 독서 프로그램을 열어 주세요.",
        "주말에 아이와 갈 만한 곳이 부족합니다.",
        "토요일 오전 그림책 읽기와 만들기 수업을 엽니다.",
        "education",
        "seongbuk",
        S.OPEN,
        "성북구립 아동청소년도서관",
    ),
    (
        "ko",
        "버스 전용 차로 단속 강화",
        "버스 전용 차로 불법 주행을 단속해 주세요.",
        "출근 시간 버스가 늦는 원인이 불법 주행입니다.",
        "단속 카메라를 늘리고 과태료를 안내합니다.",
        "transport",
        "dongjak",
        S.OPEN,
        "노량진로",
    ),
    (
        "ko",
        "폐건전지 수거함 확대",
        "아파트마다 폐건전지 수거함을 놓아 주세요.",
        "폐건전지를 일반 쓰레기로 버리는 경우가 많습니다.",
        "모든 공동주택과 편의점에 수거함을 둡니다.",
        "environment",
        "geumcheon",
        S.OPEN,
        "",
    ),
    (
        "ko",
        "노인 일자리 카페",
        "어르신이 일하는 카페를 구청 1층에 열어 주세요.",
        "어르신 일자리가 부족합니다.",
        "구청 1층 유휴 공간에 어르신 바리스타 카페를 엽니다.",
        "economy",
        "eunpyeong",
        S.IN_REVIEW,
        "은평구청",
    ),
    (
        "ko",
        "주민 참여 벽화 골목",
        "낡은 골목 담벼락에 주민과 함께 벽화를 그려요.",
        "골목이 어둡고 낙서가 많습니다.",
        "주민과 미대생이 함께 벽화를 그리고 조명을 답니다.",
        "culture",
        "yongsan",
        S.OPEN,
        "해방촌",
    ),
    (
        "ko",
        "스쿨존 노란 발자국 설치",
        "횡단보도 앞에 노란 발자국을 그려 주세요.",
        "아이들이 차도 가까이 서서 신호를 기다립니다.",
        "횡단보도 앞 1미터 뒤에 노란 발자국을 그립니다.",
        "safety",
        "dobong",
        S.OPEN,
        "창동초등학교",
    ),
    (
        "ko",
        "공공 임대 주택 수리 신청 간소화",
        "임대 주택 수리를 앱으로 신청하게 해 주세요.",
        "수리 신청에 몇 주가 걸립니다.",
        "앱으로 사진과 함께 신청하고 처리 상황을 알립니다.",
        "housing",
        "gangseo",
        S.OPEN,
        "",
    ),
    (
        "ko",
        "한강 수영장 야간 개장",
        "여름 한강 수영장을 밤 10시까지 열어 주세요.",
        "낮에는 너무 덥고 사람이 많습니다.",
        "7~8월 금·토요일에 야간 개장합니다.",
        "culture",
        "yeongdeungpo",
        S.ARCHIVED,
        "여의도 한강공원",
    ),
    (
        "ko",
        "보행자 우선 도로 지정",
        "시장 앞 골목을 보행자 우선 도로로 정해 주세요.",
        "좁은 골목에서 차와 사람이 뒤섞입니다.",
        "속도를 시속 20킬로미터로 제한하고 바닥 포장을 바꿉니다.",
        "transport",
        "seongbuk",
        S.OPEN,
        "돈암시장",
    ),
    (
        "ko",
        "청소년 자치 공간",
        "청소년이 스스로 운영하는 공간을 만들어 주세요.",
        "방과 후에 청소년이 갈 곳이 없습니다.",
        "청소년 운영위원회가 꾸리는 공간을 엽니다.",
        "education",
        "yangcheon",
        S.OPEN,
        "목동",
    ),
    (
        "ko",
        "무장애 산책로 조성",
        "휠체어와 유모차가 다닐 수 있는 산책로를 만들어 주세요.",
        "산책로에 계단이 많아 휠체어로 갈 수 없습니다.",
        "경사로와 데크를 설치해 무장애 산책로를 만듭니다.",
        "welfare",
        "seodaemun",
        S.OPEN,
        "안산 자락길",
    ),
    (
        "ko",
        "음식물 쓰레기 무게 종량제 확대",
        "단독 주택에도 음식물 쓰레기 무게 종량제를 도입해 주세요.",
        "음식물 쓰레기가 줄지 않습니다.",
        "RFID 수거함을 단독 주택 골목에 설치합니다.",
        "environment",
        "gwangjin",
        S.OPEN,
        "",
    ),
    (
        "ko",
        "공공 체육관 주말 개방",
        "학교 체육관을 주말에 주민에게 열어 주세요.",
        "주말에 운동할 실내 공간이 없습니다.",
        "학교와 협약해 주말 체육관을 예약제로 엽니다.",
        "culture",
        "guro",
        S.DRAFT,
        "",
    ),
    (
        "ko",
        "반지하 주택 침수 경보",
        "반지하 주택에 침수 경보기를 달아 주세요.",
        "폭우 때 반지하에 물이 차는 것을 늦게 압니다.",
        "반지하 가구에 침수 감지기와 문자 알림을 지원합니다.",
        "housing",
        "gwanak",
        S.OPEN,
        "",
    ),
    (
        "en",
        "More bicycle lanes along the Han river",
        "Connect the river bike path to the business district.",
        "Commuters cycling from Yeouido have to ride in traffic for the last two kilometres.",
        "Build a protected bike lane from the river to the station and add bike signals.",
        "transport",
        "yeongdeungpo",
        S.OPEN,
        "Yeouido",
    ),
    (
        "en",
        "English signs at district health centres",
        "Help foreign residents find their way in health centres.",
        "Signs and forms are only in Korean, so foreign residents give up on vaccinations.",
        "Add English and Chinese signs and forms, and a phone interpreter line.",
        "welfare",
        "yongsan",
        S.OPEN,
        "Yongsan health centre",
    ),
    (
        "en",
        "Quiet hours for construction near schools",
        "No loud construction during exam weeks.",
        "Drilling next to schools disturbs classes and exams.",
        "Limit noisy work near schools during exam periods and check it.",
        "safety",
        "gangnam",
        S.IN_REVIEW,
        "Daechi-dong",
    ),
    (
        "en",
        "Night market by the stream",
        "A weekend night market with local food along the stream.",
        "Young people leave the neighbourhood for nightlife elsewhere.",
        "Run a Friday and Saturday night market from May to October.",
        "culture",
        "seongdong",
        S.OPEN,
        "Cheonggyecheon",
    ),
    (
        "en",
        "Repair café in every district",
        "A monthly place to fix small appliances together.",
        "Broken toasters and lamps are thrown away though they are easy to fix.",
        "Volunteers and a community centre host a repair café once a month.",
        "environment",
        "mapo",
        S.OPEN,
        "",
    ),
    (
        "en",
        "Coding clubs for girls",
        "Free after-school coding clubs for middle-school girls.",
        "Few girls choose computing classes.",
        "Partner with universities to run weekly coding clubs.",
        "education",
        "seocho",
        S.SELECTED,
        "",
    ),
    (
        "en",
        "Shaded seats at bus stops",
        "Benches with roofs at the busiest bus stops.",
        "Older people stand in the sun or rain while waiting.",
        "Add benches with roofs to the 50 busiest stops.",
        "transport",
        "gangdong",
        S.OPEN,
        "",
    ),
    (
        "en",
        "Pop-up shops in empty storefronts",
        "Let young makers use empty shops for a few months.",
        "Empty shopfronts make streets feel abandoned.",
        "The district leases empty shops and lends them to makers for three months.",
        "economy",
        "jung",
        S.DEFERRED,
        "Euljiro",
    ),
    (
        "en",
        "Safer crossing at the school gate",
        "A raised crossing and a crossing guard at the gate.",
        "Cars speed past the school gate every morning.",
        "Build a raised crossing and fund a crossing guard.",
        "safety",
        "nowon",
        S.OPEN,
        "",
    ),
    (
        "en",
        "Community solar on public roofs",
        "Put solar panels on district buildings and share the savings.",
        "Public roofs are empty while electricity bills rise.",
        "Install solar panels on ten public buildings with resident shares.",
        "environment",
        "dobong",
        S.IN_REVIEW,
        "",
    ),
    (
        "en",
        "Free language exchange meetups",
        "Weekly meetups where residents teach each other languages.",
        "Foreign and Korean neighbours rarely meet.",
        "Libraries host weekly language exchange evenings.",
        "culture",
        "dongdaemun",
        S.OPEN,
        "",
    ),
    (
        "en",
        "Affordable co-living for young workers",
        "Shared homes with private rooms at lower rent.",
        "Young workers spend half their pay on rent.",
        "Convert an old dormitory into co-living homes with public rent caps.",
        "housing",
        "jungnang",
        S.REJECTED,
        "",
    ),
    (
        "en",
        "Barrier-free playground",
        "A playground where children in wheelchairs can play too.",
        "No playground nearby is accessible.",
        "Rebuild one playground with ramps, wide paths and accessible swings.",
        "welfare",
        "gangbuk",
        S.COMPLETED,
        "",
    ),
    (
        "en",
        "Late buses on Friday nights",
        "Extra night buses from the city centre on Fridays.",
        "The last bus leaves before many shifts end.",
        "Add two night bus routes on Friday and Saturday nights.",
        "transport",
        "geumcheon",
        S.OPEN,
        "",
    ),
    (
        "en",
        "Start-up visa help desk",
        "One desk that helps foreign founders with paperwork.",
        "Foreign founders lose months on permits.",
        "Open a help desk with advisers who speak English.",
        "economy",
        "guro",
        S.WITHDRAWN,
        "Guro Digital Complex",
    ),
    (
        "en",
        "After-school maker space",
        "Tools and 3D printers for teenagers after school.",
        "Teenagers have nowhere to build things.",
        "Open a maker space in the youth centre with trained staff.",
        "education",
        "yangcheon",
        S.OPEN,
        "",
    ),
]

# Stages reached from open, in order; each move is a proposal_transition().
PATHS = {
    S.OPEN: [],
    S.IN_REVIEW: [S.IN_REVIEW],
    S.SELECTED: [S.IN_REVIEW, S.SELECTED],
    S.REJECTED: [S.IN_REVIEW, S.REJECTED],
    S.DEFERRED: [S.IN_REVIEW, S.DEFERRED],
    S.PLANNING: [S.IN_REVIEW, S.SELECTED, S.PLANNING],
    S.EXECUTION: [S.IN_REVIEW, S.SELECTED, S.PLANNING, S.EXECUTION],
    S.OPERATION: [S.IN_REVIEW, S.SELECTED, S.PLANNING, S.EXECUTION, S.OPERATION],
    S.ASSESSMENT: [
        S.IN_REVIEW,
        S.SELECTED,
        S.PLANNING,
        S.EXECUTION,
        S.OPERATION,
        S.ASSESSMENT,
    ],
    S.COMPLETED: [
        S.IN_REVIEW,
        S.SELECTED,
        S.PLANNING,
        S.EXECUTION,
        S.OPERATION,
        S.ASSESSMENT,
        S.COMPLETED,
    ],
    S.ARCHIVED: [S.ARCHIVED],
    S.WITHDRAWN: [S.WITHDRAWN],
}
REASONS = {
    S.IN_REVIEW: (
        "안건 심의 위원회가 검토하기로 했습니다.",
        "The agenda panel sent it to review.",
    ),
    S.SELECTED: ("심사 결과 선정되었습니다.", "Selected by the review panel."),
    S.REJECTED: (
        "예산과 실현 가능성 때문에 선정되지 않았습니다.",
        "Not selected: cost and feasibility.",
    ),
    S.DEFERRED: (
        "다음 심사 회차에서 다시 봅니다.",
        "Deferred to the next review round.",
    ),
    S.PLANNING: (
        "담당 부서가 설계를 시작했습니다.",
        "The department started planning.",
    ),
    S.EXECUTION: ("공사를 시작했습니다.", "Works have started."),
    S.OPERATION: ("운영을 시작했습니다.", "In operation."),
    S.ASSESSMENT: (
        "시민과 함께 성과를 평가합니다.",
        "Citizens and the panel assess the outcome.",
    ),
    S.COMPLETED: ("평가를 마치고 완료되었습니다.", "Assessed and completed."),
    S.ARCHIVED: ("동의 기간이 끝났습니다.", "The agreement window ended."),
    S.WITHDRAWN: ("제안자가 철회했습니다.", "Withdrawn by the author."),
}
COMMENTS = {
    "ko": [
        "저도 매일 겪는 문제입니다. 꼭 실현되면 좋겠어요.",
        "좋은 생각이에요! 우리 동네에도 필요합니다.",
        "예산이 얼마나 들지 궁금합니다.",
        "비슷한 사례가 다른 구에도 있었는데 반응이 좋았어요.",
        "주민 설명회를 먼저 열면 좋겠습니다.",
    ],
    "en": [
        "I face this every day. I hope it happens.",
        "Great idea, my neighbourhood needs this too.",
        "How much would it cost?",
        "Another district tried this and people liked it.",
        "A residents' meeting first would help.",
    ],
}
OFFICIAL = {
    "ko": "담당 부서에서 현장을 확인했습니다. 진행 상황을 이 페이지에 알려 드리겠습니다.",
    "en": "The department has visited the site. We will post progress on this page.",
}


def seed(stdout) -> None:
    categories = _seed_categories()
    stdout.write(f"  categories: {len(categories)}")
    if not District.objects.exists():
        stdout.write("  proposals: skipped (no districts)")
        return
    authors = _authors()
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).first()
    districts = {d.code: d for d in District.objects.all()}
    existing = set(Proposal.objects.values_list("title", flat=True))
    now = timezone.now()
    added = 0
    for index, entry in enumerate(DEMO_PROPOSALS):
        language, title = entry[0], entry[1]
        if title in existing:
            continue
        rng = random.Random(title)  # noqa: S311 (demo data)
        author = authors[index % len(authors)]
        proposal = _seed_proposal(entry, author, categories, districts, staff, rng)
        # Spread the demo over the past weeks, newest last.
        age = dt.timedelta(days=60 - index, hours=rng.randint(0, 23))
        Proposal.objects.filter(pk=proposal.pk).update(
            created_at=now - age,
            published_at=(now - age + dt.timedelta(hours=1))
            if proposal.published_at
            else None,
        )
        if proposal.stage != Stage.DRAFT:
            _seed_comments(proposal, language, authors, staff, rng)
        added += 1
    used = set(Proposal.objects.values_list("district__code", flat=True))
    stdout.write(
        f"  proposals: {added} added, {Proposal.objects.count()} in total, "
        f"{len(used)} districts"
    )


def _seed_categories() -> dict[str, Category]:
    categories = {}
    for position, (slug, name_ko, name_en, icon, colour) in enumerate(DEMO_CATEGORIES):
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "icon": icon,
                "colour": colour,
                "position": position,
            },
        )
    return categories


def _authors() -> list:
    user_model = get_user_model()
    people = list(
        user_model.objects.filter(
            email__in=["citizen@oasis.local", "citizen2@oasis.local"]
        )
    )
    for email, name in DEMO_AUTHORS:
        user, created = user_model.objects.get_or_create(
            email=email,
            defaults={
                "display_name": name,
                "preferred_language": "en" if name.isascii() else "ko",
                "privacy_consent_at": timezone.now(),
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
        people.append(user)
    return people


def _seed_proposal(entry, author, categories, districts, staff, rng) -> Proposal:
    language, title, summary, problem, solution, category, district, stage, place = (
        entry
    )
    benefit = (
        "주민 모두가 더 안전하고 편리하게 생활할 수 있습니다."
        if language == "ko"
        else "Residents live more safely and comfortably."
    )
    proposal = services.proposal_create(
        author=author,
        title=title,
        summary=summary,
        problem=problem,
        solution=solution,
        benefit=benefit,
        language=language,
        category=categories[category],
        district=districts[district],
        place_name=place,
    )
    if rng.random() < 0.45:
        for number in range(rng.choice([1, 1, 2])):
            services.proposal_image_add(
                proposal=proposal,
                actor=author,
                file=demo_photo(categories[category].colour, rng),
                alt_text=(
                    f"{title} 관련 현장 사진 {number + 1}"
                    if language == "ko"
                    else f"Photo {number + 1} of the place: {title}"
                ),
            )
    if stage == Stage.DRAFT:
        return proposal
    services.proposal_publish(proposal=proposal, actor=author)
    for step in PATHS[stage]:
        if step == Stage.WITHDRAWN:
            services.proposal_withdraw(proposal=proposal, actor=author)
            continue
        reason_ko, reason_en = REASONS[step]
        services.proposal_transition(
            proposal=proposal,
            to=step,
            actor=staff,
            reason=reason_ko if language == "ko" else reason_en,
        )
    return proposal


def _seed_comments(proposal, language, authors, staff, rng) -> None:
    others = [a for a in authors if a.pk != proposal.author_id]
    texts = COMMENTS[language]
    first = None
    for body in rng.sample(texts, rng.randint(0, 3)):
        comment = services.comment_create(
            proposal=proposal, author=rng.choice(others), body=body
        )
        first = first or comment
    if first is not None and rng.random() < 0.5:
        services.comment_create(
            proposal=proposal,
            author=proposal.author,
            body="감사합니다!" if language == "ko" else "Thank you!",
            parent=first,
        )
    if staff is not None and proposal.stage not in {Stage.OPEN, Stage.WITHDRAWN}:
        services.comment_create(
            proposal=proposal, author=staff, body=OFFICIAL[language]
        )


def demo_photo(colour: str, rng: random.Random) -> SimpleUploadedFile:
    """A simple street scene drawn with Pillow: sky, buildings, a road, trees."""
    width, height = 1280, 800
    image = Image.new("RGB", (width, height), (186, 220, 245))
    draw = ImageDraw.Draw(image)
    accent = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    x = 0
    while x < width:
        building = rng.randint(90, 200)
        top = rng.randint(180, 420)
        shade = rng.randint(140, 210)
        draw.rectangle([x, top, x + building, 560], fill=(shade, shade, shade + 10))
        for wy in range(top + 20, 540, 40):
            for wx in range(x + 15, x + building - 20, 35):
                draw.rectangle([wx, wy, wx + 15, wy + 20], fill=(250, 240, 190))
        x += building + rng.randint(5, 25)
    draw.rectangle([0, 560, width, height], fill=(90, 90, 95))
    for lane in range(0, width, 120):
        draw.rectangle([lane, 675, lane + 60, 685], fill=(245, 245, 245))
    draw.rectangle([0, 545, width, 565], fill=accent)
    for tree in range(rng.randint(3, 7)):
        tx = rng.randint(40, width - 40)
        draw.rectangle([tx - 6, 470, tx + 6, 560], fill=(110, 80, 50))
        draw.ellipse([tx - 45, 390, tx + 45, 490], fill=(60, 140 + tree * 10, 70))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), "image/jpeg")
