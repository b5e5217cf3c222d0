export {
    getOptimalProduct,
    getOptimalProductOutput,
    type GetOptimalProductArgs,
    type GetOptimalProductOutputArgs,
    type OptimalProduct,
} from "./get-optimal-product";
