/**
 * The green building-material product certification catalogue (绿色建材产品分级认证目录,
 * 市监认证〔2019〕61号 / 〔2020〕89号): 51 products in 6 classes, graded one to three
 * stars. Source: shared/reference/green-catalogue.json. This is the seed; the directory
 * pull updates the copy kept in the laptop's reference_items table.
 */
export interface ReferenceSeed {
  code: string;
  name: string;
  group: string;
}

export const GREEN_PRODUCTS: readonly ReferenceSeed[] = [
  { code: 'GP01', name: '预制构件', group: '围护结构与混凝土类' },
  { code: 'GP02', name: '钢结构房屋用钢构件', group: '围护结构与混凝土类' },
  { code: 'GP03', name: '现代木结构用材', group: '围护结构与混凝土类' },
  { code: 'GP04', name: '砌体材料', group: '围护结构与混凝土类' },
  { code: 'GP05', name: '保温系统材料', group: '围护结构与混凝土类' },
  { code: 'GP06', name: '预拌混凝土', group: '围护结构与混凝土类' },
  { code: 'GP07', name: '预拌砂浆', group: '围护结构与混凝土类' },
  { code: 'GP08', name: '混凝土外加剂（减水剂）', group: '围护结构与混凝土类' },
  { code: 'GP09', name: '建筑门窗及配件', group: '门窗幕墙及装饰装修类' },
  { code: 'GP10', name: '建筑幕墙', group: '门窗幕墙及装饰装修类' },
  { code: 'GP11', name: '建筑节能玻璃', group: '门窗幕墙及装饰装修类' },
  { code: 'GP12', name: '建筑遮阳产品', group: '门窗幕墙及装饰装修类' },
  { code: 'GP13', name: '门窗幕墙用型材', group: '门窗幕墙及装饰装修类' },
  { code: 'GP14', name: '钢质户门', group: '门窗幕墙及装饰装修类' },
  { code: 'GP15', name: '金属复合装饰材料', group: '门窗幕墙及装饰装修类' },
  { code: 'GP16', name: '建筑陶瓷', group: '门窗幕墙及装饰装修类' },
  { code: 'GP17', name: '卫生洁具', group: '门窗幕墙及装饰装修类' },
  { code: 'GP18', name: '无机装饰板材', group: '门窗幕墙及装饰装修类' },
  { code: 'GP19', name: '石膏装饰材料', group: '门窗幕墙及装饰装修类' },
  { code: 'GP20', name: '石材', group: '门窗幕墙及装饰装修类' },
  { code: 'GP21', name: '镁质装饰材料', group: '门窗幕墙及装饰装修类' },
  { code: 'GP22', name: '吊顶系统', group: '门窗幕墙及装饰装修类' },
  { code: 'GP23', name: '集成墙面', group: '门窗幕墙及装饰装修类' },
  { code: 'GP24', name: '纸面石膏板', group: '门窗幕墙及装饰装修类' },
  { code: 'GP25', name: '建筑密封胶', group: '防水密封及建筑涂料类' },
  { code: 'GP26', name: '防水卷材', group: '防水密封及建筑涂料类' },
  { code: 'GP27', name: '防水涂料', group: '防水密封及建筑涂料类' },
  { code: 'GP28', name: '墙面涂料', group: '防水密封及建筑涂料类' },
  { code: 'GP29', name: '反射隔热涂料', group: '防水密封及建筑涂料类' },
  { code: 'GP30', name: '空气净化材料', group: '防水密封及建筑涂料类' },
  { code: 'GP31', name: '树脂地坪材料', group: '防水密封及建筑涂料类' },
  { code: 'GP32', name: '水嘴', group: '给排水及水处理设备类' },
  { code: 'GP33', name: '建筑用阀门', group: '给排水及水处理设备类' },
  { code: 'GP34', name: '塑料管材管件', group: '给排水及水处理设备类' },
  { code: 'GP35', name: '游泳池循环水处理设备', group: '给排水及水处理设备类' },
  { code: 'GP36', name: '净水设备', group: '给排水及水处理设备类' },
  { code: 'GP37', name: '软化设备', group: '给排水及水处理设备类' },
  { code: 'GP38', name: '油脂分离器', group: '给排水及水处理设备类' },
  { code: 'GP39', name: '中水处理设备', group: '给排水及水处理设备类' },
  { code: 'GP40', name: '雨水处理设备', group: '给排水及水处理设备类' },
  { code: 'GP41', name: '空气源热泵', group: '暖通空调及太阳能利用与照明类' },
  { code: 'GP42', name: '地源热泵系统', group: '暖通空调及太阳能利用与照明类' },
  { code: 'GP43', name: '新风净化系统', group: '暖通空调及太阳能利用与照明类' },
  { code: 'GP44', name: '建筑用蓄能装置', group: '暖通空调及太阳能利用与照明类' },
  { code: 'GP45', name: '光伏组件', group: '暖通空调及太阳能利用与照明类' },
  { code: 'GP46', name: 'LED照明产品', group: '暖通空调及太阳能利用与照明类' },
  { code: 'GP47', name: '采光系统', group: '暖通空调及太阳能利用与照明类' },
  { code: 'GP48', name: '太阳能光伏发电系统', group: '暖通空调及太阳能利用与照明类' },
  { code: 'GP49', name: '设备隔振降噪装置', group: '其他设备类' },
  { code: 'GP50', name: '控制与计量设备', group: '其他设备类' },
  { code: 'GP51', name: '机械式停车设备', group: '其他设备类' },
];
