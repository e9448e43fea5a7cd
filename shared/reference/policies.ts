import type { ReferenceSeed } from './green-catalogue';

/**
 * Seed policy catalogue and responsible departments, so a fresh laptop can record
 * policies delivered and assign problems before its first directory pull. The
 * central server's pull replaces them with the bureau's current lists.
 */
export const POLICIES: readonly ReferenceSeed[] = [
  { code: 'P-GBM-CERT', name: '绿色建材产品认证奖补政策', group: '绿色建材' },
  { code: 'P-GBM-GOVPROC', name: '政府采购支持绿色建材促进建筑品质提升', group: '绿色建材' },
  { code: 'P-GBM-COUNTRYSIDE', name: '绿色建材下乡活动', group: '绿色建材' },
  { code: 'P-PREFAB', name: '装配式建筑发展扶持政策', group: '绿色建材' },
  { code: 'P-SRDI', name: '专精特新中小企业梯度培育政策', group: '企业培育' },
  { code: 'P-RND-DEDUCT', name: '研发费用税前加计扣除', group: '财税' },
  { code: 'P-HITECH', name: '高新技术企业认定及税收优惠', group: '财税' },
  { code: 'P-TECHLOAN', name: '科技成果转化贷款风险补偿', group: '金融' },
  { code: 'P-GUARANTEE', name: '政府性融资担保降费政策', group: '金融' },
  { code: 'P-BANK-MATCH', name: '银企融资对接服务', group: '金融' },
  { code: 'P-JOBS', name: '稳岗返还与就业补贴', group: '用工' },
  { code: 'P-TALENT', name: '人才引进与技能培训补贴', group: '用工' },
  { code: 'P-LAND', name: '工业用地弹性年期出让与标准地', group: '用地' },
  { code: 'P-ENERGY', name: '节能降碳技术改造支持', group: '能源环保' },
];

export const DEPARTMENTS: readonly ReferenceSeed[] = [
  { code: 'D-HOUSING', name: '市住房和城乡建设局', group: '市直部门' },
  { code: 'D-MIIT', name: '市工业和信息化局', group: '市直部门' },
  { code: 'D-LAND', name: '市自然资源和规划局', group: '市直部门' },
  { code: 'D-HR', name: '市人力资源和社会保障局', group: '市直部门' },
  { code: 'D-FINANCE', name: '市委金融办', group: '市直部门' },
  { code: 'D-PBOC', name: '人民银行聊城市分行', group: '金融机构' },
  { code: 'D-SAMR', name: '市市场监督管理局', group: '市直部门' },
  { code: 'D-ENV', name: '市生态环境局', group: '市直部门' },
  { code: 'D-DRC', name: '市发展和改革委员会', group: '市直部门' },
  { code: 'D-COMMERCE', name: '市商务局', group: '市直部门' },
  { code: 'D-APPROVAL', name: '市行政审批服务局', group: '市直部门' },
  { code: 'D-COUNTY', name: '属地县（市、区）政府', group: '属地' },
];
