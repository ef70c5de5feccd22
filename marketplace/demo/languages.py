"""The demo in three languages: every demo deal and store also in Portuguese and Chinese, and, in a
full demo, a city in China (Shanghai) whose deals are written in Chinese and priced in yuan."""
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from oscar.core.loading import get_model

from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec, deal_create, deal_texts_write, option_titles_write
from merchants.models import Location
from merchants.services import location_create, location_texts_write, merchant_create

from .catalogue import CATEGORY_TREE, CITIES, SUBCATEGORIES, WHAT
from .images import deal_image_jpeg
from .trades import TRADES_FROM_DEALS

ProductImage = get_model("catalogue", "ProductImage")

EN, PT, ZH = "en-gb", "pt-pt", "zh-hans"

# English demo text (a deal idea's title, an option, a line of highlights or fine print) ->
# (European Portuguese, Simplified Chinese).
PHRASES = {
    # Restaurants
    "Three-course dinner with wine": ("Jantar de três pratos com vinho", "三道式晚餐配葡萄酒"),
    "Dinner for 2": ("Jantar para 2", "双人晚餐"),
    "Dinner for 4": ("Jantar para 4", "四人晚餐"),
    "Starter, main and dessert": ("Entrada, prato principal e sobremesa", "前菜、主菜和甜点"),
    "A bottle of house wine for two": ("Uma garrafa de vinho da casa para dois", "双人份招牌葡萄酒一瓶"),
    "Seasonal menu": ("Menu da época", "时令菜单"),
    "Reservation required.": ("Reserva obrigatória.", "需提前预约。"),
    "Not valid on public holidays.": ("Não válido em feriados.", "法定节假日不可用。"),
    "Seafood platter for two": ("Mariscada para dois", "双人海鲜拼盘"),
    "Platter for 2": ("Mariscada para 2", "双人拼盘"),
    "Platter for 2 with Alvarinho": ("Mariscada para 2 com Alvarinho", "双人拼盘配阿尔瓦里尼奥白葡萄酒"),
    "Prawns, clams and crab": ("Gambas, amêijoas e sapateira", "大虾、蛤蜊和螃蟹"),
    "Fresh bread and butter": ("Pão fresco e manteiga", "新鲜面包配黄油"),
    "Tasting menu of seven dishes": ("Menu de degustação de sete pratos", "七道菜品鉴套餐"),
    "Tasting menu for 1": ("Menu de degustação para 1", "单人品鉴套餐"),
    "Tasting menu for 2": ("Menu de degustação para 2", "双人品鉴套餐"),
    "Seven dishes chosen by the chef": ("Sete pratos escolhidos pelo chef", "主厨精选七道菜"),
    "Wine pairing available on site": ("Harmonização de vinhos disponível no local", "可现场加选配酒"),
    "Dinner only, Tuesday to Saturday.": ("Só ao jantar, de terça a sábado.", "仅限晚餐，周二至周六。"),
    # Cafés
    "Brunch for two": ("Brunch para dois", "双人早午餐"),
    "Brunch for 2": ("Brunch para 2", "双人早午餐"),
    "Brunch for 4": ("Brunch para 4", "四人早午餐"),
    "Eggs, bread, fruit and pastries": ("Ovos, pão, fruta e bolos", "鸡蛋、面包、水果和糕点"),
    "Fresh orange juice": ("Sumo de laranja natural", "鲜榨橙汁"),
    "Coffee or tea": ("Café ou chá", "咖啡或茶"),
    "Weekends until 14:00.": ("Fins de semana até às 14:00.", "仅限周末14:00前。"),
    "Six pastéis de nata and two coffees": ("Seis pastéis de nata e dois cafés", "六个葡式蛋挞加两杯咖啡"),
    "Box of 6 + 2 coffees": ("Caixa de 6 + 2 cafés", "蛋挞6个装+咖啡2杯"),
    "Baked every morning": ("Acabados de cozer todas as manhãs", "每天早上新鲜出炉"),
    "Take away or eat in": ("Para levar ou comer no local", "可外带或堂食"),
    "One voucher per visit.": ("Um voucher por visita.", "每次到店限用一张。"),
    "Coffee tasting workshop": ("Workshop de prova de café", "咖啡品鉴工作坊"),
    "Workshop for 1": ("Workshop para 1", "单人工作坊"),
    "Workshop for 2": ("Workshop para 2", "双人工作坊"),
    "Three origins, three brewing methods": ("Três origens, três métodos de extração", "三个产地，三种冲煮方式"),
    "90 minutes with our roaster": ("90 minutos com o nosso torrador", "与我们的烘焙师共度90分钟"),
    "Saturdays at 11:00; book 48 h ahead.": ("Sábados às 11:00; reserve com 48 h de antecedência.",
                                             "每周六11:00；请提前48小时预约。"),
    # Bars & wine
    "Wine tasting with cheese board": ("Prova de vinhos com tábua de queijos", "葡萄酒品鉴配奶酪拼盘"),
    "Tasting for 2": ("Prova para 2", "双人品鉴"),
    "Tasting for 4": ("Prova para 4", "四人品鉴"),
    "Five Portuguese wines": ("Cinco vinhos portugueses", "五款葡萄牙葡萄酒"),
    "Cheese and charcuterie board": ("Tábua de queijos e enchidos", "奶酪与冷切肉拼盘"),
    "Guided by our sommelier": ("Orientada pelo nosso escanção", "由我们的侍酒师讲解"),
    "Over 18s only. Booking required.": ("Só para maiores de 18 anos. Reserva obrigatória.",
                                         "仅限18岁以上。需提前预约。"),
    "Port wine flight": ("Prova de vinhos do Porto", "波特酒品鉴组合"),
    "Flight for 1": ("Prova para 1", "单人品鉴组合"),
    "Flight for 2": ("Prova para 2", "双人品鉴组合"),
    "Four ports from white to vintage": ("Quatro Portos, do branco ao vintage", "从白波特到年份波特，共四款"),
    "Over 18s only.": ("Só para maiores de 18 anos.", "仅限18岁以上。"),
    "Cocktails for two at sunset": ("Cocktails para dois ao pôr do sol", "日落双人鸡尾酒"),
    "2 cocktails + snacks": ("2 cocktails + petiscos", "鸡尾酒2杯+小食"),
    "Two signature cocktails": ("Dois cocktails de autor", "两杯招牌鸡尾酒"),
    "Petiscos to share": ("Petiscos para partilhar", "葡式小吃分享拼盘"),
    "From 17:00. Over 18s only.": ("A partir das 17:00. Só para maiores de 18 anos.", "17:00起可用。仅限18岁以上。"),
    # Massage
    "Full-body relaxing massage": ("Massagem de relaxamento de corpo inteiro", "全身放松按摩"),
    "60 minutes": ("60 minutos", "60分钟"),
    "90 minutes": ("90 minutos", "90分钟"),
    "Aromatherapy oils": ("Óleos de aromaterapia", "芳香精油"),
    "Shower and tea afterwards": ("Duche e chá no fim", "结束后可淋浴并享用茶饮"),
    "Booking required. Arrive 10 minutes early.": ("Reserva obrigatória. Chegue 10 minutos antes.",
                                                   "需提前预约。请提前10分钟到店。"),
    "Couples massage": ("Massagem a dois", "双人按摩"),
    "60 minutes for 2": ("60 minutos para 2", "双人60分钟"),
    "Side by side in a double room": ("Lado a lado numa sala dupla", "双人房并排进行"),
    "Herbal tea": ("Chá de ervas", "花草茶"),
    "Booking required.": ("Reserva obrigatória.", "需提前预约。"),
    "Hot stone massage": ("Massagem com pedras quentes", "热石按摩"),
    "50 minutes": ("50 minutos", "50分钟"),
    "80 minutes": ("80 minutos", "80分钟"),
    "Basalt stones": ("Pedras de basalto", "玄武岩热石"),
    "Deep muscle relief": ("Alívio muscular profundo", "深层舒缓肌肉"),
    "Not suitable during pregnancy.": ("Não indicada durante a gravidez.", "孕期不宜。"),
    # Hair
    "Cut, wash and blow-dry": ("Corte, lavagem e brushing", "剪发、洗发和吹造型"),
    "Short hair": ("Cabelo curto", "短发"),
    "Long hair": ("Cabelo comprido", "长发"),
    "Consultation with a senior stylist": ("Consulta com um cabeleireiro sénior", "资深发型师一对一咨询"),
    "Professional products": ("Produtos profissionais", "专业护发产品"),
    "Full colour with cut": ("Coloração completa com corte", "全头染发加剪发"),
    "Colour + cut": ("Coloração + corte", "染发+剪发"),
    "Ammonia-free colour": ("Coloração sem amoníaco", "无氨染发剂"),
    "Treatment mask included": ("Máscara de tratamento incluída", "含护发发膜"),
    "Patch test 48 h before.": ("Teste de alergia 48 h antes.", "需提前48小时做皮肤过敏测试。"),
    "Classic beard trim and hot towel shave": ("Aparar a barba e barbear clássico com toalha quente",
                                               "经典修胡加热毛巾剃须"),
    "Trim + shave": ("Aparar + barbear", "修胡+剃须"),
    "Hot towel": ("Toalha quente", "热毛巾"),
    "Beard oil": ("Óleo para barba", "胡须护理油"),
    "Walk-ins welcome on weekdays.": ("Sem marcação nos dias úteis.", "工作日可直接到店。"),
    # Nails
    "Gel manicure": ("Manicure de gel", "光疗美甲"),
    "Gel manicure + pedicure": ("Manicure de gel + pedicure", "光疗美甲+美足"),
    "Lasts up to three weeks": ("Dura até três semanas", "可保持长达三周"),
    "Dozens of colours": ("Dezenas de cores", "数十种颜色可选"),
    "Removal of old gel not included.": ("Não inclui a remoção de gel antigo.", "不含卸除旧甲胶。"),
    "Spa pedicure": ("Pedicure spa", "水疗美足"),
    "Foot soak and scrub": ("Banho e esfoliação dos pés", "泡脚和去角质"),
    "Massage": ("Massagem", "按摩"),
    # Gym
    "One month of unlimited gym access": ("Um mês de acesso ilimitado ao ginásio", "健身房一个月无限次畅练"),
    "1 month": ("1 mês", "1个月"),
    "3 months": ("3 meses", "3个月"),
    "Open seven days a week": ("Aberto sete dias por semana", "每周七天营业"),
    "Lockers and showers": ("Cacifos e duches", "储物柜和淋浴"),
    "Group classes included": ("Aulas de grupo incluídas", "含团体课"),
    "For new members only.": ("Só para novos sócios.", "仅限新会员。"),
    "Ten personal training sessions": ("Dez sessões de treino personalizado", "十节私教课"),
    "5 sessions": ("5 sessões", "5节课"),
    "10 sessions": ("10 sessões", "10节课"),
    "A plan made for you": ("Um plano feito à sua medida", "为您量身定制训练计划"),
    "Progress check every session": ("Avaliação do progresso em cada sessão", "每节课检查进度"),
    "Sessions within 3 months.": ("Sessões no prazo de 3 meses.", "须在3个月内上完。"),
    # Yoga
    "Ten yoga classes": ("Dez aulas de ioga", "十节瑜伽课"),
    "5 classes": ("5 aulas", "5节课"),
    "10 classes": ("10 aulas", "10节课"),
    "Hatha, vinyasa and yin": ("Hatha, vinyasa e yin", "哈他、流瑜伽和阴瑜伽"),
    "Mats provided": ("Tapetes fornecidos", "提供瑜伽垫"),
    "Book classes in the studio app.": ("Marque as aulas na app do estúdio.", "请在馆内应用中预约课程。"),
    "Sunrise yoga by the river": ("Ioga ao nascer do sol junto ao rio", "河畔日出瑜伽"),
    "1 session": ("1 sessão", "1节课"),
    "4 sessions": ("4 sessões", "4节课"),
    "Outdoor class at 07:30": ("Aula ao ar livre às 07:30", "07:30户外课"),
    "Herbal tea afterwards": ("Chá de ervas no fim", "课后享用花草茶"),
    "Cancelled in case of rain.": ("Cancelada em caso de chuva.", "遇雨取消。"),
    # Pilates
    "Reformer pilates classes": ("Aulas de pilates clínico com reformer", "普拉提核心床课程"),
    "4 classes": ("4 aulas", "4节课"),
    "8 classes": ("8 aulas", "8节课"),
    "Groups of at most six": ("Grupos de seis pessoas no máximo", "每班最多六人"),
    "Certified instructors": ("Instrutores certificados", "持证教练"),
    "Classes within 2 months.": ("Aulas no prazo de 2 meses.", "须在2个月内上完。"),
    "Private pilates session": ("Sessão privada de pilates", "普拉提私教课"),
    "1 private session": ("1 sessão privada", "1节私教课"),
    "One-to-one on the reformer": ("Individual, no reformer", "核心床一对一"),
    # Tours
    "Walking food tour with tastings": ("Passeio gastronómico a pé com provas", "美食徒步游（含试吃）"),
    "1 person": ("1 pessoa", "1人"),
    "2 people": ("2 pessoas", "2人"),
    "Eight tastings in family shops": ("Oito provas em lojas de família", "在家族老店品尝八种美食"),
    "Three hours with a local guide": ("Três horas com um guia local", "本地导游陪同三小时"),
    "Tours at 10:00 and 16:00.": ("Passeios às 10:00 e às 16:00.", "每天10:00和16:00出发。"),
    "Sunset boat trip on the river": ("Passeio de barco no rio ao pôr do sol", "日落游河"),
    "Ninety minutes on a sailing boat": ("Noventa minutos num veleiro", "乘帆船游览九十分钟"),
    "A glass of sparkling wine": ("Uma taça de espumante", "一杯起泡酒"),
    "Weather permitting.": ("Sujeito às condições meteorológicas.", "视天气情况而定。"),
    "Tuk-tuk tour of the old town": ("Passeio de tuk-tuk pela cidade velha", "嘟嘟车老城游"),
    "1 hour for up to 3": ("1 hora, até 3 pessoas", "1小时，最多3人"),
    "2 hours for up to 3": ("2 horas, até 3 pessoas", "2小时，最多3人"),
    "Private tour": ("Passeio privado", "私人包车游"),
    "Pick-up from your hotel": ("Recolha no seu hotel", "酒店接送"),
    # Classes
    "Tile painting workshop": ("Workshop de pintura de azulejos", "瓷砖彩绘工作坊"),
    "Paint your own azulejo": ("Pinte o seu próprio azulejo", "亲手绘制葡萄牙花砖"),
    "Tile fired and ready in a week": ("Azulejo cozido e pronto numa semana", "瓷砖烧制后一周内可取"),
    "All materials included.": ("Todos os materiais incluídos.", "含全部材料。"),
    "Portuguese cooking class": ("Aula de cozinha portuguesa", "葡萄牙菜烹饪课"),
    "Cook three dishes and eat them": ("Cozinhe três pratos e coma-os", "亲手做三道菜并品尝"),
    "Recipes to take home": ("Receitas para levar para casa", "可带走食谱"),
    "Vegetarian menu on request.": ("Menu vegetariano a pedido.", "可应要求提供素食菜单。"),
    "Pottery wheel class": ("Aula de roda de oleiro", "拉坯陶艺课"),
    "2-hour class": ("Aula de 2 horas", "2小时课程"),
    "Throw two pieces": ("Faça duas peças na roda", "拉坯制作两件作品"),
    "Glazing included": ("Vidragem incluída", "含上釉"),
    "Pieces ready to collect after 2 weeks.": ("Peças prontas a levantar ao fim de 2 semanas.", "作品两周后可取。"),
    # Escape rooms
    "Escape room for a team": ("Escape room para uma equipa", "团队密室逃脱"),
    "Team of 2-3": ("Equipa de 2-3", "2-3人团队"),
    "Team of 4-6": ("Equipa de 4-6", "4-6人团队"),
    "60 minutes to get out": ("60 minutos para sair", "60分钟内逃出"),
    "Four themed rooms": ("Quatro salas temáticas", "四个主题房间"),
    "Booking required. From 12 years old.": ("Reserva obrigatória. A partir dos 12 anos.", "需提前预约。12岁以上可参加。"),
    # Car care
    "Full hand wash inside and out": ("Lavagem manual completa, por dentro e por fora", "内外全手工洗车"),
    "Car": ("Automóvel", "轿车"),
    "SUV or van": ("SUV ou carrinha", "SUV或面包车"),
    "Exterior hand wash": ("Lavagem manual exterior", "车身手工清洗"),
    "Interior vacuum and dashboard": ("Aspiração do interior e tablier", "内饰吸尘和仪表台清洁"),
    "Booking recommended.": ("Recomenda-se reserva.", "建议提前预约。"),
    "Full detailing with ceramic wax": ("Detalhe completo com cera cerâmica", "全车精洗加陶瓷镀膜蜡"),
    "Clay bar and polish": ("Descontaminação com barra de argila e polimento", "火山泥去污和抛光"),
    "Ceramic wax protection": ("Proteção com cera cerâmica", "陶瓷蜡保护"),
    "Takes about 5 hours.": ("Demora cerca de 5 horas.", "约需5小时。"),
    # Cleaning
    "Home cleaning": ("Limpeza da casa", "家庭保洁"),
    "3 hours": ("3 horas", "3小时"),
    "5 hours": ("5 horas", "5小时"),
    "Products and equipment included": ("Produtos e equipamento incluídos", "含清洁用品和工具"),
    "Insured cleaners": ("Profissionais de limpeza com seguro", "保洁员均已投保"),
    "Book 3 days ahead.": ("Reserve com 3 dias de antecedência.", "请提前3天预约。"),
    "Sofa and carpet deep clean": ("Limpeza profunda de sofá e tapete", "沙发和地毯深度清洁"),
    "2-seat sofa": ("Sofá de 2 lugares", "双人沙发"),
    "Sofa + carpet": ("Sofá + tapete", "沙发+地毯"),
    "Steam cleaning": ("Limpeza a vapor", "蒸汽清洁"),
    "Dries in a few hours": ("Seca em poucas horas", "几小时即干"),
    "Within the city only.": ("Só dentro da cidade.", "仅限市区。"),
    # Photography
    "Outdoor portrait session": ("Sessão de retrato no exterior", "户外人像拍摄"),
    "1 hour, 15 photos": ("1 hora, 15 fotografias", "1小时，15张照片"),
    "2 hours, 40 photos": ("2 horas, 40 fotografias", "2小时，40张照片"),
    "Edited photos in high resolution": ("Fotografias editadas em alta resolução", "精修高清照片"),
    "Two locations": ("Dois locais", "两个拍摄地点"),
    "Family studio session": ("Sessão de família em estúdio", "家庭影棚拍摄"),
    "Session + 10 photos": ("Sessão + 10 fotografias", "拍摄+10张照片"),
    "Up to six people": ("Até seis pessoas", "最多六人"),
    "One printed photo": ("Uma fotografia impressa", "赠送一张冲印照片"),
    # The trade deals of every city (demo/trades.py)
    "Cut and blow-dry": ("Corte e brushing", "剪发和吹造型"),
    "Book your slot after buying, from My vouchers.": (
        "Depois de comprar, marque o seu horário em Os meus vouchers.", "购买后请在“我的券”中预约时段。"),
    "Ten gym visits": ("Dez entradas no ginásio", "健身房十次卡"),
    "10 visits": ("10 entradas", "10次"),
    "5 visits": ("5 entradas", "5次"),
    "One visit a day. Unused visits are refunded pro rata.": (
        "Uma entrada por dia. As entradas por usar são reembolsadas proporcionalmente.",
        "每天限用一次。未使用的次数按比例退款。"),
    "Off-peak lunch for two": ("Almoço para dois fora das horas de ponta", "双人非高峰时段午餐"),
    "Lunch for 2": ("Almoço para 2", "双人午餐"),
    "Valid Monday to Thursday afternoons, not on public holidays.": (
        "Válido de segunda a quinta à tarde, exceto feriados.", "周一至周四下午可用，法定节假日除外。"),
}

# A merchant's blurb (demo/catalogue.py) in Portuguese and Chinese; {hood} is its neighbourhood.
BLURBS = {
    "Restaurants": ("Um restaurante familiar em {hood} com clássicos portugueses feitos com produtos do mercado.",
                    "位于{hood}的家庭餐厅，用市场新鲜食材烹制葡萄牙经典菜肴。"),
    "Cafés": ("Um café de bairro em {hood} com café torrado na casa.", "位于{hood}的街坊咖啡馆，咖啡豆均为店内烘焙。"),
    "Bars & wine": ("Um bar de vinhos em {hood} com uma longa carta de vinhos portugueses.",
                    "位于{hood}的葡萄酒吧，酒单上有众多葡萄牙葡萄酒。"),
    "Massage": ("Um spa tranquilo em {hood} com terapeutas certificados.", "位于{hood}的静谧水疗馆，理疗师均持证上岗。"),
    "Hair": ("Um salão em {hood} com cabeleireiros formados em Lisboa e em Londres.",
             "位于{hood}的美发沙龙，发型师曾在里斯本和伦敦受训。"),
    "Nails": ("Um estúdio em {hood} de manicure, pedicure e nail art.", "位于{hood}的美甲工作室，提供美甲、美足和甲面彩绘。"),
    "Gym": ("Um ginásio em {hood} com pesos livres, máquinas e aulas de grupo.", "位于{hood}的健身房，有自由重量区、器械和团体课。"),
    "Yoga": ("Um estúdio em {hood} com aulas diárias para todos os níveis.", "位于{hood}的瑜伽馆，每天开设适合各水平的课程。"),
    "Pilates": ("Um estúdio em {hood} com aulas de reformer e de solo em grupos pequenos.",
                "位于{hood}的普拉提工作室，开设小班核心床课和垫上课。"),
    "Tours": ("Uma empresa de passeios em {hood} com guias nascidos na cidade.", "位于{hood}的本地旅游公司，导游都是土生土长的本地人。"),
    "Classes": ("Uma escola em {hood} que ensina ofícios tradicionais em grupos pequenos.",
                "位于{hood}的手艺学堂，以小班教授传统手工艺。"),
    "Escape rooms": ("Um espaço de escape rooms em {hood} com quatro salas temáticas.", "位于{hood}的密室逃脱馆，设有四个主题房间。"),
    "Car care": ("Um centro de cuidados automóveis em {hood} com lavagem manual e detalhe.",
                 "位于{hood}的汽车美容中心，提供手工洗车和精细美容。"),
    "Cleaning": ("Uma empresa de limpezas de {hood} com pessoal formado e com seguro.", "来自{hood}的家政保洁公司，员工均受过培训并已投保。"),
    "Photography": ("Um estúdio de fotografia em {hood} para retratos, famílias e eventos.",
                    "位于{hood}的摄影工作室，拍摄人像、家庭照和活动。"),
}

# The demo's neighbourhoods in Chinese (Portuguese readers know them by their own names).
HOODS_ZH = {
    "Chiado": "希亚多", "Bairro Alto": "上城区", "Alfama": "阿尔法玛", "Príncipe Real": "皇家王子区",
    "Avenidas Novas": "新大道区", "Alcântara": "阿尔坎塔拉", "Belém": "贝伦", "Parque das Nações": "万国公园",
    "Campo de Ourique": "欧里克营", "Arroios": "阿罗约什", "Ribeira": "里贝拉", "Baixa": "下城区",
    "Cedofeita": "塞多费塔", "Boavista": "博阿维斯塔", "Foz do Douro": "杜罗河口", "Bonfim": "邦芬",
    "Paranhos": "帕拉尼奥斯", "Miragaia": "米拉盖亚",
}
HOODS = [hood for _zone, _phone, hoods in CITIES.values() for hood in hoods]


def _lines(text: str, language: str) -> str:
    index = 0 if language == PT else 1
    return "\n".join(PHRASES[line][index] if line in PHRASES else line for line in text.split("\n"))


def _blurb(merchant, language: str) -> str:
    """The merchant's blurb in ``language`` (found by which subcategory and neighbourhood wrote it;
    the trade merchants' "Name, Hood." is translated by its neighbourhood)."""
    index = 0 if language == PT else 1
    for sub, (_names, template, _ideas) in SUBCATEGORIES.items():
        for hood in HOODS:
            if template.format(what=WHAT[sub], hood=hood[0]) == merchant.description:
                name = hood[0] if language == PT else HOODS_ZH[hood[0]]
                return BLURBS[sub][index].format(hood=name)
    for hood in HOODS:
        if merchant.description == f"{merchant.name}, {hood[0]}.":
            return (merchant.description if language == PT
                    else f"{merchant.name}，位于{HOODS_ZH[hood[0]]}。")
    return merchant.description


def _deal_translate(deal: Deal) -> None:
    """A demo deal written in English ("Idea at Merchant") also in Portuguese and Chinese, in the
    way deal sites there write it: "Merchant: idea" and "【Merchant】idea"."""
    merchant = deal.merchant
    own = deal.translations.get(language_code=EN)
    title = own.title
    idea = title.removesuffix(f" at {merchant.name}")
    if idea not in PHRASES:
        return
    texts = {}
    for language in (PT, ZH):
        said = PHRASES[idea][0 if language == PT else 1]
        title = (f"{merchant.name}: {said[0].lower()}{said[1:]}" if language == PT
                 else f"【{merchant.name}】{said}")
        texts[language] = {
            "title": title,
            "description": f"{title}{'. ' if language == PT else '。'}{_blurb(merchant, language)}",
            "highlights": _lines(own.highlights or "", language),
            "fine_print": _lines(own.fine_print or "", language),
        }
    deal_texts_write(deal=deal, texts=texts)
    for option in deal.options.select_related("product"):
        said = option.product.title
        if said in PHRASES:
            option_titles_write(option=option, titles={PT: PHRASES[said][0], ZH: PHRASES[said][1]})


def _store_translate(store: Location) -> None:
    """A demo store ("Merchant Hood") named in Portuguese as it is, and in Chinese as a branch:
    "Merchant（Hood店）"."""
    name = store.translations.get(language_code=EN).name
    for hood, zh in HOODS_ZH.items():
        if name.endswith(f" {hood}"):
            merchant = name.removesuffix(f" {hood}")
            location_texts_write(location=store, texts={PT: {"name": name},
                                                        ZH: {"name": f"{merchant}（{zh}店）"}})
            return


# --- Shanghai -----------------------------------------------------------------------------------
# Stores at real places (their coordinates within a street of the spot), written in Chinese.
SHANGHAI = "Shanghai"
SHANGHAI_ZONE = "Asia/Shanghai"
SHANGHAI_MERCHANTS = [
    {
        "merchant": "弄堂小笼 Nongtang Xiaolong", "sub": "Restaurants",
        "about": "新天地石库门弄堂里的小笼馆，每天现包现蒸。",
        "store": ("弄堂小笼（新天地店）", "Nongtang Xiaolong Xintiandi", "Nongtang Xiaolong Xintiandi",
                  "马当路 245号", "200021", 31.2197, 121.4747),
        "deal": {
            ZH: {"title": "招牌小笼包双人套餐", "description": "新天地弄堂里的手工小笼：现包现蒸，汤汁饱满。",
                 "highlights": "鲜肉小笼和蟹粉小笼各一笼\n两碗鸡鸭血汤\n两杯酸梅汤",
                 "fine_print": "周末及节假日通用。\n每桌限用一张。"},
            EN: {"title": "Signature soup dumplings for two",
                 "description": "Handmade xiaolongbao in a Xintiandi lane: folded and steamed to order, full of broth.",
                 "highlights": "A basket each of pork and crab soup dumplings\nTwo bowls of duck blood soup\nTwo sour plum drinks",
                 "fine_print": "Valid at weekends and on public holidays.\nOne voucher per table."},
            PT: {"title": "Menu de xiaolongbao para dois",
                 "description": "Xiaolongbao feitos à mão numa viela de Xintiandi: fechados e cozidos a vapor na hora, cheios de caldo.",
                 "highlights": "Um cesto de xiaolongbao de porco e outro de caranguejo\nDuas tigelas de sopa de sangue de pato\nDuas bebidas de ameixa ácida",
                 "fine_print": "Válido aos fins de semana e feriados.\nUm voucher por mesa."},
        },
        "options": [(("双人套餐", "Set for 2", "Menu para 2"), "88.00", "148.00", 200),
                    (("四人套餐", "Set for 4", "Menu para 4"), "168.00", "288.00", 100)],
    },
    {
        "merchant": "静安茶舍 Jing'an Tea House", "sub": "Cafés",
        "about": "静安寺旁的老洋房茶舍，专营江南名茶。",
        "store": ("静安茶舍（南京西路店）", "Jing'an Tea House West Nanjing Road",
                  "Casa de Chá Jing'an Avenida Nanjing Oeste", "南京西路 1688号", "200040",
                  31.2233, 121.4455),
        "deal": {
            ZH: {"title": "午后茶艺体验", "description": "在静安寺旁的老洋房里，跟茶艺师品一壶明前龙井。",
                 "highlights": "茶艺师现场冲泡讲解\n三款江南名茶\n配四色茶点",
                 "fine_print": "需提前一天预约。\n每日13:00至17:00可用。"},
            EN: {"title": "Afternoon tea ceremony",
                 "description": "In an old villa by Jing'an Temple, taste a pot of early-spring Longjing with our tea master.",
                 "highlights": "Brewed and explained by a tea master\nThree famous teas of Jiangnan\nFour kinds of tea snacks",
                 "fine_print": "Book a day ahead.\nEvery day from 13:00 to 17:00."},
            PT: {"title": "Cerimónia do chá à tarde",
                 "description": "Numa antiga moradia junto ao Templo de Jing'an, prove um bule de Longjing da primavera com o nosso mestre de chá.",
                 "highlights": "Preparado e explicado por um mestre de chá\nTrês chás famosos de Jiangnan\nQuatro doces para acompanhar",
                 "fine_print": "Reserve com um dia de antecedência.\nTodos os dias, das 13:00 às 17:00."},
        },
        "options": [(("单人茶席", "Tea for 1", "Chá para 1"), "128.00", "238.00", 80),
                    (("双人茶席", "Tea for 2", "Chá para 2"), "228.00", "438.00", 80)],
    },
    {
        "merchant": "浦江足道 Pujiang Foot Spa", "sub": "Massage",
        "about": "陆家嘴江边的中式足疗馆，技师均有十年以上经验。",
        "store": ("浦江足道（陆家嘴店）", "Pujiang Foot Spa Lujiazui", "Pujiang Foot Spa Lujiazui",
                  "陆家嘴环路 1000号", "200120", 31.2397, 121.4998),
        "deal": {
            ZH: {"title": "中式足底按摩90分钟", "description": "药草泡脚后做足底按摩和肩颈放松，看得见黄浦江。",
                 "highlights": "中药草本泡脚\n足底穴位按摩\n肩颈放松15分钟",
                 "fine_print": "需提前预约。\n孕妇不宜。"},
            EN: {"title": "90-minute Chinese foot massage",
                 "description": "A herbal foot soak, then reflexology and a neck and shoulder rub, with a view of the Huangpu.",
                 "highlights": "Chinese herbal foot soak\nReflexology on the soles\n15 minutes for neck and shoulders",
                 "fine_print": "Booking required.\nNot suitable during pregnancy."},
            PT: {"title": "Massagem chinesa aos pés de 90 minutos",
                 "description": "Banho de pés com ervas, depois reflexologia e massagem ao pescoço e ombros, com vista para o rio Huangpu.",
                 "highlights": "Banho de pés com ervas chinesas\nReflexologia plantar\n15 minutos para pescoço e ombros",
                 "fine_print": "Reserva obrigatória.\nNão indicada durante a gravidez."},
        },
        "options": [(("90分钟足疗", "90-minute foot massage", "Massagem aos pés de 90 minutos"),
                     "168.00", "298.00", 150)],
    },
    {
        "merchant": "徐汇陶艺 Xuhui Pottery", "sub": "Classes",
        "about": "徐家汇的陶艺工作室，小班教学，材料齐全。",
        "store": ("徐汇陶艺（徐家汇店）", "Xuhui Pottery Xujiahui", "Xuhui Pottery Xujiahui",
                  "漕溪北路 88号", "200030", 31.1950, 121.4372),
        "deal": {
            ZH: {"title": "拉坯陶艺体验课", "description": "两小时拉坯体验，老师手把手教，作品烧制后可带回家。",
                 "highlights": "两小时小班课\n可制作两件作品\n含上釉和烧制",
                 "fine_print": "作品约三周后可取。\n需提前预约。"},
            EN: {"title": "Pottery wheel taster class",
                 "description": "Two hours at the wheel with a teacher at your side; your pieces are fired for you to take home.",
                 "highlights": "Two hours in a small group\nMake two pieces\nGlazing and firing included",
                 "fine_print": "Pieces ready about three weeks later.\nBooking required."},
            PT: {"title": "Aula de experiência na roda de oleiro",
                 "description": "Duas horas na roda com um professor ao seu lado; as peças são cozidas para levar para casa.",
                 "highlights": "Duas horas em grupo pequeno\nFaça duas peças\nVidragem e cozedura incluídas",
                 "fine_print": "Peças prontas cerca de três semanas depois.\nReserva obrigatória."},
        },
        "options": [(("单人体验", "1 person", "1 pessoa"), "198.00", "358.00", 60),
                    (("双人体验", "2 people", "2 pessoas"), "368.00", "716.00", 60)],
    },
]


def _shanghai(*, base: datetime, categories: dict) -> int:
    """The Shanghai merchants, one store and one live deal each, in yuan; returns the deals made."""
    for n, spec in enumerate(SHANGHAI_MERCHANTS):
        merchant = merchant_create(name=spec["merchant"], description=spec["about"],
                                   contact_phone=f"+86 21 6{n}28 {3456 + n * 111}")
        zh_name, en_name, pt_name, address, postcode, lat, lon = spec["store"]
        store = location_create(
            merchant=merchant, name=zh_name, address=address, postcode=postcode, city=SHANGHAI,
            latitude=Decimal(str(lat)), longitude=Decimal(str(lon)), timezone=SHANGHAI_ZONE,
            opening_hours="Every day 10:00-22:00", original_language=ZH,
            translations={EN: {"name": en_name}, PT: {"name": pt_name}})
        texts = spec["deal"]
        options = [OptionSpec(titles[0], Decimal(price), Decimal(value), units)
                   for titles, price, value, units in spec["options"]]
        deal = deal_create(
            merchant=merchant, title=texts[ZH]["title"], options=options, locations=[store],
            sale_starts_at=base - timedelta(days=2), sale_ends_at=base + timedelta(days=40, hours=15),
            categories=[categories[spec["sub"]]], description=texts[ZH]["description"],
            highlights=texts[ZH]["highlights"], fine_print=texts[ZH]["fine_print"],
            valid_days=90, review_status=Deal.Review.APPROVED, currency="CNY",
            original_language=ZH, translations={EN: texts[EN], PT: texts[PT]})
        for option, (titles, *_terms) in zip(deal.options.order_by("pk"), spec["options"]):
            option_titles_write(option=option, titles={EN: titles[1], PT: titles[2]})
        top = next(top for top, (_c, subs) in CATEGORY_TREE.items() if spec["sub"] in subs)
        for k in range(2):  # photos of its trade, as every demo deal has (demo/images.py)
            jpeg = deal_image_jpeg(scene=spec["sub"], colours=CATEGORY_TREE[top][0],
                                   seed=deal.pk * 10 + k)
            # Oscar's caption has one language: the demo's default reader's (the page's alt
            # text falls back to the reader's title only when there is none).
            ProductImage.objects.create(
                product=deal.product, display_order=k, caption=texts[EN]["title"],
                original=ContentFile(jpeg, name=f"deal-{deal.pk}-{k + 1}.jpg"))
    return len(SHANGHAI_MERCHANTS)


def demo_languages(*, base: datetime, categories: dict, deals: int) -> int:
    """Every demo deal and store written in English also in Portuguese and Chinese; in a full demo
    (``deals`` of TRADES_FROM_DEALS or more, as demo/trades.py) the Shanghai deals too. Returns
    how many deals it made."""
    for deal in Deal.objects.filter(original_language=EN).select_related("merchant"):
        _deal_translate(deal)
    for store in Location.objects.filter(original_language=EN):
        _store_translate(store)
    if deals < TRADES_FROM_DEALS:
        return 0
    return _shanghai(base=base, categories=categories)
